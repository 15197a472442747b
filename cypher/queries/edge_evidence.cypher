// Evidence of an edge
//
// Answers: why the graph says A relates to B: every relationship between the two (either
// direction, optionally of one type) with how many documents say so, when, the documents, and a
// sample of its evidence: JSON strings {"doc_id","start","end","text","date","rule"}. Every
// sentence is an (:Evidence {rel_key: source id + tab + type + tab + target id}) node (GET /evidence
// pages through them).
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
OPTIONAL MATCH (v:Evidence {rel_key: a.id + '\t' + type(r) + '\t' + b.id})
WITH a, r, b, collect(DISTINCT v.doc_id) AS docs
RETURN a.name AS source, type(r) AS type, b.name AS target, r.count AS count, r.first_seen AS first_seen,
       r.last_seen AS last_seen, docs, r.evidence AS evidence
ORDER BY type, source
