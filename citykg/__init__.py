"""citykg: a knowledge graph of Korean smart-city policy.

The distribution installs one top-level package: ``citykg.extract`` (documents → JSON Lines),
``citykg.graph`` (stores and loading) and ``citykg.api`` (REST API and CLI). The folders
``extract/``, ``graph/`` and ``api/`` at the top of the repository are mapped to them by
``package-dir`` in pyproject.toml.

For notebooks: ``g = citykg.connect()`` (see ``citykg.api.connection``).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("citykg")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"


def connect(*args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - the signature is citykg.api.connection.connect's
    """Connect to the graph (see `citykg.api.connection.connect`): `g = citykg.connect()`.

    Imported on first use, so `import citykg` stays light.
    """
    from citykg.api.connection import connect as _connect

    return _connect(*args, **kwargs)
