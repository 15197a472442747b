// Budget by program and funder
//
// Answers: who pays for which program (FUNDS) and how much where the text gives a figure
// (`amount_krw`, in won: 49백만원 → 49000000), with the evidence sentence.
//
// @param funder string default=null example="서울디지털재단"  Id, name or alias of the funder; null for all.
// @returns funder, funder_type, program, amount_krw, date, evidence
// @example citykg query "$(cat cypher/queries/program_budgets.cypher)" --param funder=서울디지털재단
MATCH (f:Entity)-[r:FUNDS]->(p:Program)
WHERE $funder IS NULL OR f.id = $funder OR f.name = $funder OR $funder IN coalesce(f.aliases, [])
RETURN f.name AS funder, [l IN labels(f) WHERE l <> 'Entity'][0] AS funder_type, p.name AS program,
       r.amount_krw AS amount_krw, coalesce(r.date, r.first_seen) AS date, r.evidence[0] AS evidence
ORDER BY amount_krw DESC, funder, program
