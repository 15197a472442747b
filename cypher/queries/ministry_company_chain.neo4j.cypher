// Chains from a ministry to a company through programs and cities (Neo4j)
//
// Neo4j variant: allShortestPaths finds the shortest undirected chains directly; FalkorDB's
// shortest-path functions follow directed edges only, so the portable file enumerates them.
//
// @param ministry string default="국토교통부" example="국토부"  Id, name or alias of the ministry.
// @param company string default="LG CNS" example="LG CNS"  Id, name or alias of the company.
// @param limit int default=10 example=5  How many chains at most.
// @returns hops, names, types, chain
// @example citykg query "$(cat cypher/queries/ministry_company_chain.neo4j.cypher)" --param ministry=국토교통부 --param company="LG CNS"
MATCH (m:Ministry) WHERE m.id = $ministry OR m.name = $ministry OR $ministry IN coalesce(m.aliases, [])
MATCH (c:Company) WHERE c.id = $company OR c.name = $company OR $company IN coalesce(c.aliases, [])
MATCH p = allShortestPaths(
  (m)-[:LEADS|PARTICIPATES_IN|IMPLEMENTED_IN|PART_OF|SELECTED|CERTIFIED|ISSUED_BY|FUNDS|PARTNERS_WITH|WORKS_FOR*..6]-(c))
RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types,
       reduce(s = m.name, i IN range(0, length(p) - 1) |
              s + ' -[' + type(relationships(p)[i]) + ']- ' + nodes(p)[i + 1].name) AS chain
ORDER BY hops
LIMIT $limit
