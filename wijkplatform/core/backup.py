"""Back up and restore the whole database.

SQLite: the online backup API (sqlite3.Connection.backup), consistent while the app runs.
PostgreSQL: pg_dump in its custom format and pg_restore; pg_dump must be at least the
server's major version (it refuses otherwise), so we check first and say so clearly.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, inspect, select, table
from sqlalchemy.engine import make_url

from wijkplatform.extensions import db

Echo = Callable[[str], None]


class BackupError(Exception):
    pass


@dataclass
class Report:
    action: str
    path: Path
    seconds: float = 0.0
    rows: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        total = sum(self.rows.values())
        return (
            f"{self.action}: {len(self.rows)} tables, {total} rows, file {self.path} "
            f"({size / 1024:.1f} kB), {self.seconds:.2f} s"
        )


def row_counts() -> dict[str, int]:
    with db.engine.connect() as connection:
        names = sorted(inspect(connection).get_table_names())
        return {
            name: connection.execute(select(func.count()).select_from(table(name))).scalar_one()
            for name in names
        }


def _url():
    return make_url(db.engine.url.render_as_string(hide_password=False))


def _is_sqlite() -> bool:
    return _url().get_backend_name() == "sqlite"


def _sqlite_path() -> str:
    database = _url().database
    if not database or database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return database


def default_filename() -> str:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    return f"wijkplatform-{stamp}.{'sqlite' if _is_sqlite() else 'dump'}"


def _sqlite_copy(source: sqlite3.Connection, target: sqlite3.Connection, echo: Echo) -> None:
    def progress(status, remaining, total):
        done = total - remaining
        echo(f"  copied {done} of {total} pages ({100 * done // max(total, 1)}%)")

    source.backup(target, pages=256, progress=progress)


# --- PostgreSQL ----------------------------------------------------------------------


def _libpq_args() -> tuple[list[str], dict[str, str]]:
    url = _url()
    args = ["--host", url.host or "127.0.0.1", "--port", str(url.port or 5432)]
    if url.username:
        args += ["--username", url.username]
    env = dict(os.environ)
    if url.password:
        env["PGPASSWORD"] = url.password
    return args, env


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        raise BackupError(f"{name} was not found; install the PostgreSQL client tools.")
    return path


def _major(version_text: str) -> int:
    match = re.search(r"(\d+)(?:\.\d+)?", version_text)
    if not match:
        raise BackupError(f"Cannot read a version from {version_text!r}.")
    return int(match.group(1))


def check_client_version(tool: str) -> tuple[int, int]:
    """(client major, server major); refuse a client older than the server."""
    client = _major(subprocess.run([tool, "--version"], capture_output=True, text=True,
                                   check=True).stdout)  # fmt: skip
    with db.engine.connect() as connection:
        server = int(connection.exec_driver_sql("SHOW server_version_num").scalar_one()) // 10000
    if client < server:
        raise BackupError(
            f"{Path(tool).name} is version {client}, the server {server}: install the client "
            f"tools of version {server} or newer."
        )
    return client, server


def _run(command: list[str], env: dict[str, str], echo: Echo) -> None:
    process = subprocess.run(command, env=env, capture_output=True, text=True)
    for line in process.stderr.splitlines():
        echo(f"  {line}")
    if process.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed with exit code {process.returncode}.")


# --- commands ------------------------------------------------------------------------


def backup(output: Path, echo: Echo = print) -> Report:
    report = Report("Backup", output)
    started = time.monotonic()
    output.parent.mkdir(parents=True, exist_ok=True)
    report.rows = row_counts()
    if _is_sqlite():
        echo(f"Backing up SQLite database {_sqlite_path()} to {output}")
        source = sqlite3.connect(_sqlite_path())
        target = sqlite3.connect(output)
        try:
            _sqlite_copy(source, target, echo)
        finally:
            target.close()
            source.close()
    else:
        tool = _tool("pg_dump")
        client, server = check_client_version(tool)
        echo(f"Backing up PostgreSQL database {_url().database} (server {server}) with "
             f"pg_dump {client} to {output}")  # fmt: skip
        args, env = _libpq_args()
        _run([tool, "--format=custom", "--no-owner", "--verbose", "--file", str(output),
              *args, "--dbname", _url().database], env, echo)  # fmt: skip
    report.seconds = time.monotonic() - started
    return report


def restore(source: Path, echo: Echo = print) -> Report:
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    report = Report("Restore", source)
    started = time.monotonic()
    db.session.remove()
    db.engine.dispose()
    if _is_sqlite():
        with source.open("rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source} is not an SQLite backup.")
        echo(f"Restoring SQLite database {_sqlite_path()} from {source}")
        backup_connection = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        target = sqlite3.connect(_sqlite_path())
        try:
            _sqlite_copy(backup_connection, target, echo)
        finally:
            target.close()
            backup_connection.close()
    else:
        tool = _tool("pg_restore")
        client, server = check_client_version(tool)
        echo(f"Restoring PostgreSQL database {_url().database} (server {server}) with "
             f"pg_restore {client} from {source}")  # fmt: skip
        db.engine.dispose()
        args, env = _libpq_args()
        _run([tool, "--clean", "--if-exists", "--no-owner", "--single-transaction",
              "--exit-on-error", "--verbose", *args, "--dbname", _url().database,
              str(source)], env, echo)  # fmt: skip
    db.engine.dispose()
    report.rows = row_counts()
    report.seconds = time.monotonic() - started
    return report
