// Partners of an entity
//
// Answers: with whom an organization, city, ministry or firm cooperates (PARTNERS_WITH: MOU,
// agreement, joint development, consortium), in either direction, with the evidence sentence.
// Leave `entity` empty for every partnership.
//
// @param entity string default=null example="국토교통부"  Id, name or alias; null for all partnerships.
// @returns entity, partner, partner_type, date, docs, evidence
// @example citykg query "$(cat cypher/queries/partners.cypher)" --param entity=국토교통부
MATCH (a:Entity)-[r:PARTNERS_WITH]-(b:Entity)
WHERE ($entity IS NULL AND a.id < b.id)
   OR a.id = $entity OR a.name = $entity OR $entity IN coalesce(a.aliases, [])
RETURN a.name AS entity, b.name AS partner, [l IN labels(b) WHERE l <> 'Entity'][0] AS partner_type,
       coalesce(r.date, r.first_seen) AS date, coalesce(r.count, 0) AS docs, r.evidence[0] AS evidence
ORDER BY entity, date, partner
