// Chains from a ministry to a company through programs and cities
//
// Answers: how a ministry's policy reaches a firm: 국토교통부 → a plan → a pilot city → the firm
// selected there. Follows the ten relation types in either direction (documents left out),
// shortest chains first, up to 4 hops. Portable: it enumerates the bounded undirected paths (FalkorDB's
// shortest-path functions follow directed edges only); on Neo4j the .neo4j variant uses allShortestPaths.
//
// @param ministry string default="국토교통부" example="국토부"  Id, name or alias of the ministry.
// @param company string default="LG CNS" example="LG CNS"  Id, name or alias of the company.
// @param limit int default=10 example=5  How many chains at most.
// @returns hops, names, types, chain
// @example citykg query "$(cat cypher/queries/ministry_company_chain.cypher)" --param ministry=국토교통부
MATCH (m:Ministry) WHERE m.id = $ministry OR m.name = $ministry OR $ministry IN coalesce(m.aliases, [])
MATCH (c:Company) WHERE c.id = $company OR c.name = $company OR $company IN coalesce(c.aliases, [])
MATCH p = (m)-[:LEADS|PARTICIPATES_IN|IMPLEMENTED_IN|PART_OF|SELECTED|CERTIFIED|ISSUED_BY|FUNDS|PARTNERS_WITH|WORKS_FOR*1..4]-(c)
WITH p, length(p) AS hops
ORDER BY hops
LIMIT $limit
RETURN hops, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types,
       reduce(s = nodes(p)[0].name, i IN range(0, hops - 1) |
              s + ' -[' + type(relationships(p)[i]) + ']- ' + nodes(p)[i + 1].name) AS chain
