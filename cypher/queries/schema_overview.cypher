// Schema overview: which labels connect through which relationship types
//
// Answers: the shape of the graph in one table: for each (from label, relationship type, to
// label) how many relationships there are. Start here to learn the schema.
//
// @returns from_label, type, to_label, count
// @example citykg query "$(cat cypher/queries/schema_overview.cypher)"
MATCH (a)-[r]->(b)
RETURN [l IN labels(a) WHERE l <> 'Entity'][0] AS from_label, type(r) AS type,
       [l IN labels(b) WHERE l <> 'Entity'][0] AS to_label, count(*) AS count
ORDER BY count DESC, type
