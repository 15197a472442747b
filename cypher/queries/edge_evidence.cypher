// Evidence of an edge
//
// Answers: why the graph says A relates to B: every relationship between the two (either
// direction, optionally of one type) with its documents, sentences, offsets and dates.
// Each evidence item is a JSON string {"doc_id","start","end","text","date"}.
//
// @param source string default="세종특별자치시" example="세종시"  Id, name or alias of one end.
// @param target string default="LG CNS" example="LG CNS"  Id, name or alias of the other end.
// @param type string default=null example="SELECTED"  Relationship type; null for all.
// @returns source, type, target, count, first_seen, last_seen, docs, evidence
// @example citykg query "$(cat cypher/queries/edge_evidence.cypher)" --param source=세종시 --param target="LG CNS"
MATCH (a:Entity)-[r]->(b:Entity)
WHERE ($type IS NULL OR type(r) = $type)
  AND ((a.id = $source OR a.name = $source OR $source IN coalesce(a.aliases, []))
       AND (b.id = $target OR b.name = $target OR $target IN coalesce(b.aliases, []))
    OR (a.id = $target OR a.name = $target OR $target IN coalesce(a.aliases, []))
       AND (b.id = $source OR b.name = $source OR $source IN coalesce(b.aliases, [])))
RETURN a.name AS source, type(r) AS type, b.name AS target, r.count AS count, r.first_seen AS first_seen,
       r.last_seen AS last_seen, r.docs AS docs, r.evidence AS evidence
ORDER BY type, source
