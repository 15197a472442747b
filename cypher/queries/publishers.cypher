// Publishers and their documents
//
// Answers: who published the documents in the graph (PUBLISHED_BY: a ministry, city or other
// body), how many, over which dates, and their titles.
//
// @param publisher string default=null example="국토교통부"  Id, name or alias; null for all publishers.
// @returns publisher, publisher_type, documents, first_date, last_date, titles
// @example citykg query "$(cat cypher/queries/publishers.cypher)"
MATCH (d:Document)-[:PUBLISHED_BY]->(p:Entity)
WHERE $publisher IS NULL OR p.id = $publisher OR p.name = $publisher OR $publisher IN coalesce(p.aliases, [])
RETURN p.name AS publisher, [l IN labels(p) WHERE l <> 'Entity'][0] AS publisher_type,
       count(d) AS documents, min(d.date) AS first_date, max(d.date) AS last_date,
       collect(coalesce(d.title, d.source)) AS titles
ORDER BY documents DESC, publisher
