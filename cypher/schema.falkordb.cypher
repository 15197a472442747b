// citykg graph schema for FalkorDB (applied by FalkorDBStore.ensure_schema; idempotent there).
// Neo4j's variant is schema.cypher. Statements end with ';'.
//
// Range indexes: MERGE (:Entity {id}) and (:Document {id}) look ids up through them, and the
// uniqueness constraints (GRAPH.CONSTRAINT CREATE ... UNIQUE NODE Entity PROPERTIES 1 id, issued by
// FalkorDBStore.ensure_schema: constraints are not Cypher in FalkorDB) need them.
CREATE INDEX FOR (n:Entity) ON (n.id);
CREATE INDEX FOR (n:Document) ON (n.id);
CREATE INDEX FOR (n:Entity) ON (n.name);
CREATE INDEX FOR (n:Document) ON (n.date);

// Evidence nodes (one per document, relation and sentence): a document's are found when it is
// taken back, a relation's when its evidence is paged through (GET /evidence) or re-summarized.
CREATE INDEX FOR (n:Evidence) ON (n.doc_id);
CREATE INDEX FOR (n:Evidence) ON (n.rel_key);
// A page of a relation's evidence, oldest first, reads only a window of it:
// rel_key = $key AND date_key < $cut (date_key: the date as a number YYYYMMDD). A range over a
// string property is not reliable here (FalkorDB answered `rel_key = $k AND date < $d` with every
// node of the key), over a number it is.
CREATE INDEX FOR (n:Evidence) ON (n.date_key);

// Full-text (RediSearch) over the name and `search_text` (normalized name and aliases, one per line):
//   CALL db.idx.fulltext.queryNodes('Entity', '세종*') YIELD node, score
CALL db.idx.fulltext.createNodeIndex('Entity', 'name', 'search_text');
