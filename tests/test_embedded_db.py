"""The embedded PostgreSQL starts idempotently, recovers from a crash and stops cleanly."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

pytestmark = pytest.mark.slow  # starts and stops PostgreSQL servers


@pytest.fixture
def embedded(tmp_path):
    env = {**os.environ, "EMBEDDED_PGDATA": str(tmp_path / "pgdata")}

    def run(command: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "vaekstcenter.embedded_db", command],
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    yield run, tmp_path / "pgdata"
    run("stop")


def alive(pid: int) -> bool:
    """True for a live process (a killed server may linger as a zombie until reaped)."""
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def postmaster_pid(pgdata: Path) -> int:
    return int((pgdata / "postmaster.pid").read_text().splitlines()[0])


def test_start_is_idempotent_and_stop_leaves_no_server(embedded):
    run, pgdata = embedded
    assert run("start").returncode == 0
    pid = postmaster_pid(pgdata)
    assert run("start").returncode == 0
    assert postmaster_pid(pgdata) == pid  # the same server, not a second one
    assert run("status").stdout.strip() == "running"
    assert run("stop").returncode == 0
    assert run("status").stdout.strip() == "stopped"
    assert not alive(pid)


def test_a_crashed_server_is_detected_and_restarted(embedded):
    run, pgdata = embedded
    started = run("start")
    assert started.returncode == 0, started.stderr
    pid = postmaster_pid(pgdata)
    os.kill(pid, signal.SIGKILL)
    for _ in range(50):
        if not alive(pid):
            break
        time.sleep(0.1)
    assert (pgdata / "postmaster.pid").exists()  # stale
    assert run("status").stdout.strip() == "stopped"
    assert run("start").returncode == 0
    assert run("status").stdout.strip() == "running"
    assert postmaster_pid(pgdata) != pid
