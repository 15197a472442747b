"""citykg: a knowledge graph of Korean smart-city policy.

The distribution installs one top-level package: ``citykg.extract`` (documents → JSON Lines),
``citykg.graph`` (stores and loading) and ``citykg.api`` (REST API and CLI). The folders
``extract/``, ``graph/`` and ``api/`` at the top of the repository are mapped to them by
``package-dir`` in pyproject.toml.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("citykg")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0+unknown"
