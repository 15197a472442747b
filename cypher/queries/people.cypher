// People and where they work
//
// Answers: the named people in the graph, the body they work for (WORKS_FOR), their title
// (장관, 과장, 팀장 ...) and when they were seen there.
//
// @param organization string default=null example="국토교통부"  Id, name or alias of the employer; null for all.
// @returns person, title, organization, organization_type, first_seen, last_seen
// @example citykg query "$(cat cypher/queries/people.cypher)" --param organization=국토교통부
MATCH (p:Person)-[r:WORKS_FOR]->(o:Entity)
WHERE $organization IS NULL OR o.id = $organization OR o.name = $organization
      OR $organization IN coalesce(o.aliases, [])
RETURN p.name AS person, coalesce(r.title, p.title) AS title, o.name AS organization,
       [l IN labels(o) WHERE l <> 'Entity'][0] AS organization_type, r.first_seen AS first_seen,
       r.last_seen AS last_seen
ORDER BY organization, person
