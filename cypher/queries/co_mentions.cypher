// Entities mentioned together most often
//
// Answers: which entities appear in the same documents (co-mention via Document nodes), the
// most frequent pairs first. Co-mention is not a stated relation; it points at ones to read.
// Give an entity to see its companions only.
//
// @param entity string default=null example="국토교통부"  Id, name or alias; null for all pairs.
// @param limit int default=25 example=10  How many pairs.
// @returns a, b, docs
// @example citykg query "$(cat cypher/queries/co_mentions.cypher)" --param entity=국토교통부 --param limit=10
MATCH (a:Entity)<-[:MENTIONS]-(d:Document)-[:MENTIONS]->(b:Entity)
WHERE a.id <> b.id
  AND ($entity IS NULL OR a.id = $entity OR a.name = $entity OR $entity IN coalesce(a.aliases, []))
  AND ($entity IS NOT NULL OR a.id < b.id)
RETURN a.name AS a, b.name AS b, count(DISTINCT d) AS docs
ORDER BY docs DESC, a, b
LIMIT $limit
