"""docker-compose.yml and Dockerfile wire the API to Neo4j the way graph/config.py reads it.

(No Docker engine here: the files are parsed and checked, not run.)
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml

from citykg.graph.config import StoreSettings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def test_services_and_ports(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"neo4j", "api", "ingest"}
    assert services["neo4j"]["image"].startswith("neo4j:5")
    assert "8000:8000" in services["api"]["ports"]
    assert any(p.endswith(":7687") for p in services["neo4j"]["ports"])
    assert any(v.split(":")[1] == "/data" for v in services["neo4j"]["volumes"])  # data survives restarts
    assert "neo4j-data" in compose["volumes"]


def test_api_and_ingest_reach_neo4j_through_the_settings_the_code_reads(
    compose: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("api", "ingest"):
        svc = compose["services"][name]
        env = {k: str(v) for k, v in svc["environment"].items()}
        assert env["CITYKG_STORE"] == "neo4j"
        assert env["NEO4J_URI"] == "bolt://neo4j:7687"  # the service name, Bolt port
        assert "NEO4J_PASSWORD" in env["NEO4J_PASSWORD"]  # taken from the environment, never written here
        assert svc["depends_on"]["neo4j"]["condition"] == "service_healthy"
        for k, v in env.items():
            monkeypatch.setenv(k, re.sub(r"\$\{(\w+)[^}]*\}", "x", v))
        s = StoreSettings.from_env()
        assert (s.backend, s.neo4j_uri) == ("neo4j", "bolt://neo4j:7687")
    auth = compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    assert "${NEO4J_PASSWORD" in auth and "${NEO4J_USER" in auth
    assert compose["services"]["neo4j"]["healthcheck"]["test"]


def test_api_serves_on_all_interfaces_and_ingest_is_one_shot(compose: dict[str, Any]) -> None:
    api = compose["services"]["api"]
    assert api["command"][:2] == ["citykg", "serve"] and "0.0.0.0" in api["command"]
    ingest = compose["services"]["ingest"]
    assert ingest["command"][:3] == ["citykg", "ingest", "/data"]
    assert ingest["restart"] == "no" and ingest["profiles"] == ["ingest"]
    assert any(re.search(r"\}:/data(:ro)?$", v) for v in ingest["volumes"])  # mounted folder, read-only


def test_dockerfile_installs_every_package_and_the_cypher_files() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#") and "FROM python:3.11-slim" in dockerfile
    assert re.search(r"pip install \.", dockerfile)
    package_dirs = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    copied = set(re.findall(r"^COPY (\w+)/", dockerfile, flags=re.M))
    assert set(package_dirs.values()) <= copied
    assert '"serve", "--host", "0.0.0.0"' in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert ".venv" in ignored and ".git" in ignored and not copied & set(ignored)
