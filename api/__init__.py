"""citykg query layer: the FastAPI app and the `citykg` command line."""
