// Companies selected by cities, ministries or agencies, and for what role
//
// Answers: which firms were chosen by competition, evaluation or contract (SELECTED: 선정,
// 우선협상대상자, 수의계약 ...), by whom, as what (`role`) and when. Filter by the selector or not.
//
// @param selector string default=null example="세종특별자치시"  Id, name or alias of who selected; null for all.
// @returns selector, selector_type, company, role, date, evidence
// @example citykg query "$(cat cypher/queries/company_selections.cypher)" --param selector=세종특별자치시
MATCH (s:Entity)-[r:SELECTED]->(c:Company)
WHERE $selector IS NULL OR s.id = $selector OR s.name = $selector OR $selector IN coalesce(s.aliases, [])
RETURN s.name AS selector, [l IN labels(s) WHERE l <> 'Entity'][0] AS selector_type, c.name AS company,
       r.role AS role, coalesce(r.date, r.first_seen) AS date, r.evidence[0] AS evidence
ORDER BY date, selector, company
