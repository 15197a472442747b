"""citykg extraction: Korean documents in, records of the ONTOLOGY.md JSON Lines contract out.

This package knows nothing of graph stores or HTTP.
"""
