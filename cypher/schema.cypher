// citykg graph schema for Neo4j 5 (applied by Neo4jStore.ensure_schema; idempotent).
// FalkorDB's variant is schema.falkordb.cypher. Statements end with ';'.
//
// Every entity carries :Entity plus its type label; `id` is unique per label, and across all
// entities through :Entity (MERGE uses (:Entity {id})).
CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT document_id IF NOT EXISTS FOR (n:Document) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT ministry_id IF NOT EXISTS FOR (n:Ministry) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT city_id IF NOT EXISTS FOR (n:City) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT program_id IF NOT EXISTS FOR (n:Program) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT company_id IF NOT EXISTS FOR (n:Company) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT organization_id IF NOT EXISTS FOR (n:Organization) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT certification_id IF NOT EXISTS FOR (n:Certification) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;

// Lookups by name, timelines by document date.
CREATE INDEX entity_name IF NOT EXISTS FOR (n:Entity) ON (n.name);
CREATE INDEX document_date IF NOT EXISTS FOR (n:Document) ON (n.date);
CREATE INDEX document_content_hash IF NOT EXISTS FOR (n:Document) ON (n.content_hash);

// Evidence nodes (one per document, relation and sentence): a document's are found when it is
// taken back, a relation's when its evidence is paged through (GET /evidence) or re-summarized.
CREATE INDEX evidence_doc_id IF NOT EXISTS FOR (n:Evidence) ON (n.doc_id);
CREATE INDEX evidence_rel_key IF NOT EXISTS FOR (n:Evidence) ON (n.rel_key);
// A page of a relation's evidence, oldest first, reads a window of it: rel_key = $key AND date_key < $cut.
CREATE INDEX evidence_rel_key_date_key IF NOT EXISTS FOR (n:Evidence) ON (n.rel_key, n.date_key);

// `search_text` holds the normalized name and aliases (lower case, no spaces, one per line);
// a TEXT index makes `search_text CONTAINS $q` (Korean partial names) an index lookup.
CREATE TEXT INDEX entity_search_text IF NOT EXISTS FOR (n:Entity) ON (n.search_text);

// Full-text (Lucene) over names. Full-text indexes read STRING properties, and LIST<STRING> only
// in recent 5.x releases, so the aliases are also in the STRING `search_text`; a list value is
// skipped (not an error) by releases that do not index lists.
CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases, n.search_text];
