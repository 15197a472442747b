// Programs implemented in a city, and who leads them
//
// Answers: which programs take place in, target or are sited in a city (IMPLEMENTED_IN), of what
// kind, and which bodies lead them.
//
// @param city string default="세종특별자치시" example="세종시"  Id, name or alias of the city.
// @returns city, program, kind, leaders, first_seen
// @example citykg query "$(cat cypher/queries/programs_in_city.cypher)" --param city=세종특별자치시
MATCH (p:Program)-[r:IMPLEMENTED_IN]->(c:City)
WHERE c.id = $city OR c.name = $city OR $city IN coalesce(c.aliases, [])
OPTIONAL MATCH (l:Entity)-[:LEADS]->(p)
RETURN c.name AS city, p.name AS program, p.kind AS kind, collect(DISTINCT l.name) AS leaders,
       r.first_seen AS first_seen
ORDER BY first_seen, program
