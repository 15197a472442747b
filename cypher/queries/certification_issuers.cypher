// Certifications, who issues them, and how many hold them
//
// Answers: each certification, award or designation (Certification), the bodies that grant or
// run it (ISSUED_BY) and how many cities, firms or programs obtained it (CERTIFIED).
//
// @param certification string default=null example="스마트도시 인증"  Id, name or alias; null for all.
// @returns certification, kind, issuers, holders, holder_names
// @example citykg query "$(cat cypher/queries/certification_issuers.cypher)"
MATCH (c:Certification)
WHERE $certification IS NULL OR c.id = $certification OR c.name = $certification
      OR $certification IN coalesce(c.aliases, [])
OPTIONAL MATCH (c)-[:ISSUED_BY]->(i:Entity)
WITH c, collect(DISTINCT i.name) AS issuers
OPTIONAL MATCH (h:Entity)-[:CERTIFIED]->(c)
RETURN c.name AS certification, c.kind AS kind, issuers, count(DISTINCT h) AS holders,
       collect(DISTINCT h.name) AS holder_names
ORDER BY holders DESC, certification
