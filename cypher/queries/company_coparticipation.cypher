// Companies that take part in the same programs
//
// Answers: which pairs of firms take part in (PARTICIPATES_IN) or are selected for the same
// programs (consortia, pilots, contests), and which programs they share. Give a company to see
// only its pairs.
//
// @param company string default=null example="LG CNS"  Id, name or alias; null for all pairs.
// @param min_shared int default=1 example=2  Fewest shared programs to list a pair.
// @returns company, other, shared, programs
// @example citykg query "$(cat cypher/queries/company_coparticipation.cypher)" --param company="LG CNS"
MATCH (a:Company)-[:PARTICIPATES_IN|LEADS]->(p:Program)<-[:PARTICIPATES_IN|LEADS]-(b:Company)
WHERE a.id <> b.id
  AND ($company IS NULL OR a.id = $company OR a.name = $company OR $company IN coalesce(a.aliases, []))
  AND ($company IS NOT NULL OR a.id < b.id)
WITH a, b, collect(DISTINCT p.name) AS programs
WHERE size(programs) >= $min_shared
RETURN a.name AS company, b.name AS other, size(programs) AS shared, programs
ORDER BY shared DESC, company, other
