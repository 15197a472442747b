"""Helpers of the explorer's browser tests: headless Chromium through Selenium, real servers.

Chromium and its driver are Debian's (`chromium`, `chromium-driver`); `make test` installs them
(scripts/browser-deps.sh) where it can. Where they are missing the tests skip with the reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from citykg.graph.embedded import free_port

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "out" / "explorer"
TIMINGS = SHOTS / "timings.json"
DESKTOP = (1280, 800)
PHONE = (390, 844)

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
    "--lang=ko-KR",
    f"--window-size={DESKTOP[0]},{DESKTOP[1]}",
]


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[dev]')"
    if not chromium_binary():
        return "no Chromium (apt-get install chromium chromium-driver; `make test` does it as root)"
    if not shutil.which("chromedriver"):
        return "no chromedriver (apt-get install chromium-driver; `make test` does it as root)"
    return None


def chromium_binary() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        if path := shutil.which(name):
            return path
    return None


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium driven by chromedriver, with a fresh profile, its console log kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="citykg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium_binary() or ""
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver"))
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager fetch a driver
    driver = webdriver.Chrome(options=options, service=service)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def viewport(driver: Any, size: tuple[int, int], mobile: bool = False) -> None:
    """Exactly this CSS viewport (a window size would include the browser's own frame)."""
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": mobile},
    )


def shot(driver: Any, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    return path


def console_entries(driver: Any) -> list[dict[str, Any]]:
    return list(driver.get_log("browser"))


def record_timings(section: str, figures: dict[str, Any]) -> None:
    """Figures for the report (out/explorer/timings.json); printed at the end of the run."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    data = json.loads(TIMINGS.read_text()) if TIMINGS.exists() else {}
    data[section] = figures
    TIMINGS.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


@contextmanager
def served(env: dict[str, str], *, factory: bool = False) -> Iterator[str]:
    """A real server on a free port: `citykg serve` (or uvicorn over create_app for a broken store)."""
    port = free_port()
    bindir = Path(sys.executable).parent
    if factory:
        cmd = [str(bindir / "uvicorn"), "--factory", "citykg.api.app:create_app", "--port", str(port)]
    else:
        cmd = [str(bindir / "citykg"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(cmd, env={**os.environ, **env}, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise AssertionError(f"{cmd[0]} exited: {log.read().decode(errors='replace')}")
            try:
                httpx.get(base + "/health", timeout=2)
                break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, f"{' '.join(cmd)} did not answer within 90 s"
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
