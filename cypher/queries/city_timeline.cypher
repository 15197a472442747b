// A city's smart-city timeline
//
// Answers: what happened to a city over time: programs implemented in it, certifications,
// selections, partners and plans, each dated (the date the text gives, else the first time a
// document said it) with its evidence sentence. Oldest first.
//
// @param city string default="세종특별자치시" example="세종시"  Id, name or alias of the city.
// @returns date, relation, direction, other, other_type, evidence
// @example citykg query "$(cat cypher/queries/city_timeline.cypher)" --param city=세종특별자치시
MATCH (c:City)-[r]-(x:Entity)
WHERE c.id = $city OR c.name = $city OR $city IN coalesce(c.aliases, [])
RETURN coalesce(r.date, r.first_seen) AS date, type(r) AS relation,
       CASE WHEN startNode(r) = c THEN 'out' ELSE 'in' END AS direction,
       x.name AS other, [l IN labels(x) WHERE l <> 'Entity'][0] AS other_type, r.evidence[0] AS evidence
ORDER BY date, relation, other
