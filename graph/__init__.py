"""citykg graph layer: stores (embedded FalkorDB, Neo4j 5) and the idempotent loader.

Uses `extract`'s record types; knows nothing of HTTP.
"""
