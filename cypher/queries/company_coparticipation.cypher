// Companies and who else takes part in the same programs
//
// Answers: for each firm, the other bodies (firms, agencies, cities, ministries) that take part
// in or lead the same programs (PARTICIPATES_IN, LEADS): consortia, pilots, contests, and
// which programs they share. Give a company to see only its partners in programs.
//
// @param company string default=null example="데이터얼라이언스"  Id, name or alias of the firm; null for all firms.
// @param min_shared int default=1 example=1  Fewest shared programs to list a pair.
// @returns company, other, other_type, shared, programs
// @example citykg query "$(cat cypher/queries/company_coparticipation.cypher)" --param company=데이터얼라이언스
MATCH (a:Company)-[:PARTICIPATES_IN|LEADS]->(p:Program)<-[:PARTICIPATES_IN|LEADS]-(b:Entity)
WHERE a.id <> b.id
  AND ($company IS NULL OR a.id = $company OR a.name = $company OR $company IN coalesce(a.aliases, []))
WITH a, b, collect(DISTINCT p.name) AS programs
WHERE size(programs) >= $min_shared
RETURN a.name AS company, b.name AS other, [l IN labels(b) WHERE l <> 'Entity'][0] AS other_type,
       size(programs) AS shared, programs
ORDER BY shared DESC, company, other
