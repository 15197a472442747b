// Chains from a ministry to a company through programs and cities (FalkorDB)
//
// FalkorDB variant: algo.SPpaths finds the shortest chains over the ten relation types in both
// directions without enumerating every bounded path (its shortestPath follows directed edges only).
//
// @param ministry string default="국토교통부" example="국토부"  Id, name or alias of the ministry.
// @param company string default="LG CNS" example="LG CNS"  Id, name or alias of the company.
// @param limit int default=10 example=5  How many chains at most.
// @returns hops, names, types, chain
// @example citykg query "$(cat cypher/queries/ministry_company_chain.falkordb.cypher)" --param ministry=국토교통부
MATCH (m:Ministry) WHERE m.id = $ministry OR m.name = $ministry OR $ministry IN coalesce(m.aliases, [])
MATCH (c:Company) WHERE c.id = $company OR c.name = $company OR $company IN coalesce(c.aliases, [])
CALL algo.SPpaths({sourceNode: m, targetNode: c, maxLen: 6, pathCount: $limit, relDirection: 'both',
                   relTypes: ['LEADS', 'PARTICIPATES_IN', 'IMPLEMENTED_IN', 'PART_OF', 'SELECTED', 'CERTIFIED',
                              'ISSUED_BY', 'FUNDS', 'PARTNERS_WITH', 'WORKS_FOR']})
YIELD path
WITH path AS p, length(path) AS hops
ORDER BY hops
LIMIT $limit
RETURN hops, [n IN nodes(p) | n.name] AS names, [r IN relationships(p) | type(r)] AS types,
       reduce(s = nodes(p)[0].name, i IN range(0, hops - 1) |
              s + ' -[' + type(relationships(p)[i]) + ']- ' + nodes(p)[i + 1].name) AS chain
