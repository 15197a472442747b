// Programs a ministry leads
//
// Answers: which plans, pilots, challenges and other programs a ministry establishes, announces,
// runs or hosts (LEADS), how many documents say so, when, and one sentence of evidence each.
// The ministry is matched by id, canonical name or any alias (국토부 finds 국토교통부).
//
// @param ministry string default="국토교통부" example="국토부"  Id, name or alias of the ministry.
// @returns ministry, program, kind, docs, first_seen, last_seen, evidence
// @example citykg query "$(cat cypher/queries/ministry_programs.cypher)" --param ministry=국토교통부
MATCH (m:Ministry)-[r:LEADS]->(p:Program)
WHERE m.id = $ministry OR m.name = $ministry OR $ministry IN coalesce(m.aliases, [])
RETURN m.name AS ministry, p.name AS program, p.kind AS kind, coalesce(r.count, 0) AS docs,
       r.first_seen AS first_seen, r.last_seen AS last_seen, r.evidence[0] AS evidence
ORDER BY docs DESC, first_seen, program
