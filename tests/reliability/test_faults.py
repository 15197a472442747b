"""Faults survived, and one data dir shared by many commands (issue 12, items 5 and 6).

Every fault is followed by a re-run of the same command; the graph must then equal the graph of
one clean run (nodes, relationships and a checksum of names and edge keys: faultkit.graph_fingerprint).
Loads are real `citykg load` processes on a data dir of the test's own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from faultkit import CLI, cli_env, documents_lost, fingerprint, load, no_store_left, records_jsonl, tally

from citykg.graph.embedded import EmbeddedServer, free_port, pid_alive


def kill_during(proc: subprocess.Popen[str], after_s: float, target) -> None:  # noqa: ANN001
    time.sleep(after_s)
    if proc.poll() is None:
        target()


def test_kill_9_of_the_store_during_a_load(tmp_path: Path, corpus, clean, clean_run) -> None:
    """The keeper starts the store again; the load writes the cut round again and finishes."""
    data = tmp_path / "store"
    proc = subprocess.Popen([CLI, "load", str(corpus["all"])], env=cli_env(data), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 60
    while not (data / "server.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    pid = json.loads((data / "server.json").read_text())["pid"]
    time.sleep(1.0)
    assert proc.poll() is None, "the load was over before the kill"
    os.kill(pid, signal.SIGKILL)
    _, err = proc.communicate(timeout=300)
    tally("faults")
    assert proc.returncode == 0, err[-1000:]
    assert "went away" in err, err[-1000:]  # told, whether the loader or the store client noticed first
    assert documents_lost(data, clean_run[1]) == 0
    assert fingerprint(data) == clean
    print(f"\nkill -9 of the store 1 s into a load: the load went on once the keeper had it back, exit 0, "
          f"graph equal to a clean run ({clean[0]} nodes, {clean[1]} relationships)")
    assert no_store_left(data)


def test_kill_9_of_the_load(tmp_path: Path, corpus, clean, clean_run) -> None:
    data = tmp_path / "store"
    proc = subprocess.Popen([CLI, "load", str(corpus["all"])], env=cli_env(data), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while not (data / "server.json").exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    time.sleep(1.0)
    proc.kill()
    proc.wait()
    tally("faults")
    assert no_store_left(data), "the store outlived the killed load that started it"
    again = load(data, corpus["all"])
    assert again.returncode == 0, again.stderr
    assert documents_lost(data, clean_run[1]) == 0
    assert fingerprint(data) == clean
    print("\nkill -9 of `citykg load` 1 s in: its store stopped; re-run gives the clean graph")


def test_two_loads_of_different_files_at_once(tmp_path: Path, corpus, clean, clean_run) -> None:
    data = tmp_path / "store"
    procs = [subprocess.Popen([CLI, "load", str(corpus[k])], env=cli_env(data), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for k in ("a", "b")]  # fmt: skip
    outs = [p.communicate(timeout=300) for p in procs]
    tally("faults")
    assert [p.returncode for p in procs] == [0, 0], outs
    assert documents_lost(data, clean_run[1]) == 0
    assert fingerprint(data) == clean
    waited = sum("waiting for it" in err for _, err in outs)
    print(f"\ntwo loads of different files at once: both exit 0, {waited} said it waited; graph equal to a clean run")
    assert no_store_left(data), "a store outlived both loads"


SAME_COPIES = 200  # 600 documents a version: each load still races the other for the lock


def test_two_loads_of_the_same_documents_serialize(tmp_path: Path, sample_records) -> None:
    """Two versions of the same documents loaded at once: the graph is that of one version, never a mix."""
    versions = {}
    for tag in ("v1", "v2"):
        recs = [r.model_copy(update={"title": f"{r.title} {tag}"}) for r in sample_records]
        if tag == "v2":
            recs = [r.model_copy(update={"relations": r.relations[: len(r.relations) // 2]}) for r in recs]
        versions[tag] = records_jsonl(recs, tmp_path / f"{tag}.jsonl", SAME_COPIES)
    expected = {}
    for tag, path in versions.items():
        alone = tmp_path / f"alone-{tag}"
        assert load(alone, path).returncode == 0
        expected[tag] = fingerprint(alone)
    data = tmp_path / "store"
    procs = [subprocess.Popen([CLI, "load", str(p)], env=cli_env(data), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in versions.values()]  # fmt: skip
    outs = [p.communicate(timeout=300) for p in procs]
    tally("faults")
    assert [p.returncode for p in procs] == [0, 0], outs
    got = fingerprint(data)
    assert got in expected.values(), "the two versions were mixed"
    print(f"\ntwo loads of the same {SAME_COPIES * len(sample_records):,} document ids at once, "
          f"{sum('waiting for it' in err for _, err in outs)} said it waited: the graph equals version "
          f"{[k for k, v in expected.items() if v == got][0]} loaded alone")


def test_a_full_disk(tmp_path: Path, corpus, clean, clean_run) -> None:
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("needs root to mount a size-limited tmpfs for the data dir")
    mnt = tmp_path / "small"
    mnt.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", str(mnt)]).returncode:
        pytest.skip("mount -t tmpfs is not permitted here")
    data = mnt / "store"
    try:
        full = load(data, corpus["all"], timeout=120)
        tally("faults")
        message = (full.stderr.strip().splitlines() or [""])[-1]
        assert full.returncode != 0, "a 6 MB file system took the whole load"
        assert "space" in full.stderr.lower() or "aof" in full.stderr.lower(), full.stderr[-500:]
        assert no_store_left(data, 10)
        subprocess.run(["mount", "-o", "remount,size=256m", str(mnt)], check=True)
        again = load(data, corpus["all"])
        assert again.returncode == 0, again.stderr
        assert documents_lost(data, clean_run[1]) == 0
        assert fingerprint(data) == clean
        print(f"\nfull disk (6 MB tmpfs): load exit {full.returncode}: {message[:160]}; "
              "after making room, the re-run gives the clean graph")
    finally:
        EmbeddedServer(data).stop()
        subprocess.run(["umount", "-l", str(mnt)])


def wait_health(port: int, seconds: float = 60) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                return r.status
        except urllib.error.HTTPError as e:
            return e.code
        except OSError:
            time.sleep(0.1)
    return 0


def test_two_serves_share_one_store(tmp_path: Path, corpus) -> None:
    data = tmp_path / "store"
    assert load(data, corpus["a"]).returncode == 0
    before = fingerprint(data)
    ports = [free_port(), free_port()]
    serves = [subprocess.Popen([CLI, "serve", "--port", str(p)], env=cli_env(data), start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for p in ports]  # fmt: skip
    try:
        assert [wait_health(p) for p in ports] == [200, 200]
        info = json.loads((data / "server.json").read_text())
        os.killpg(serves[0].pid, signal.SIGINT)  # the one that started the store
        serves[0].wait(10)
        statuses = []
        for _ in range(10):
            statuses.append(wait_health(ports[1], 5))
            time.sleep(0.1)
        assert statuses == [200] * 10, statuses
        assert pid_alive(info["pid"]), "the store stopped under the second serve"
        # the store goes away under it (`citykg store stop`): the serve starts it again
        subprocess.run([CLI, "store", "stop"], env=cli_env(data), check=True, capture_output=True)
        assert wait_health(ports[1]) == 200
        os.killpg(serves[1].pid, signal.SIGINT)
        serves[1].wait(10)
        _, err = serves[1].communicate()
        assert "went away" in err, err[-800:]
        tally("faults", 2)  # a serve stopped under another, the store stopped under a serve
        assert no_store_left(data)
        assert fingerprint(data) == before, "the graph changed under two serves"
        print("\ntwo serves on one data dir: the first stopped, the second answered 10 of 10; "
              "after `citykg store stop` it started the store again; both stopped: nothing left, graph unchanged")
    finally:
        for s in serves:
            if s.poll() is None:
                os.killpg(s.pid, signal.SIGKILL)


def test_a_second_command_waits_for_the_load_lock_and_says_so(tmp_path: Path, corpus) -> None:
    """A load holding the data dir's load lock makes the next one wait, with a message, not fail."""
    data = tmp_path / "store"
    code = ("import sys, time; from pathlib import Path; from citykg.graph.config import StoreSettings;"
            "from citykg.graph.connect import open_store\n"
            f"with open_store(StoreSettings(data_dir=Path({str(data)!r}))) as s, s.exclusive_load():\n"
            "    print('locked', flush=True); time.sleep(3)")  # fmt: skip
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "locked"
    t = time.monotonic()
    done = load(data, corpus["a"])
    waited = time.monotonic() - t
    holder.wait(30)
    assert done.returncode == 0 and "another load" in done.stderr, done.stderr
    print(f"\na load behind another: waited {waited:.1f} s, said so, then loaded")
