// Cities certified per year, by certification
//
// Answers: which cities obtained which certification, award or designation (CERTIFIED), grouped by
// year (the year the text gives, else the year the relation was first seen) and certification.
// Leave `certification` empty to see all of them.
//
// @param certification string default=null example="스마트도시 인증"  Id, name or alias; null for all.
// @returns year, certification, cities, count
// @example citykg query "$(cat cypher/queries/certifications_by_year.cypher)" --param certification="스마트도시 인증"
MATCH (c:City)-[r:CERTIFIED]->(cert:Certification)
WHERE $certification IS NULL OR cert.id = $certification OR cert.name = $certification
      OR $certification IN coalesce(cert.aliases, [])
WITH coalesce(toString(r.year), substring(coalesce(r.date, r.first_seen, ''), 0, 4)) AS year, cert, c
RETURN year, cert.name AS certification, collect(DISTINCT c.name) AS cities, count(DISTINCT c) AS count
ORDER BY year, certification
