"""Back up and restore the whole database.

SQLite: the online backup API (sqlite3.Connection.backup), consistent while the app runs.
PostgreSQL: pg_dump in its custom format and pg_restore; pg_dump must be at least the
server's major version (it refuses otherwise), so we check first and say so clearly.

Photos: the files under PHOTO_STORAGE_DIR are not in the database, so a backup writes them
to a tar archive next to the database file (`<file>.photos.tar`; JPEGs do not compress, so
it is not gzipped) and a restore puts them back: every photo file of the archive is written
again and a photo file the archive does not have (of a row the restored database does not
have either) is removed. Only names the photo storage itself makes (`<aa>/<key>-<size>.jpg`)
are read from an archive, so a changed archive cannot write anywhere else.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
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
    # The photo archive next to the database file, and how many photo files went in or out
    # (None: there was no archive to restore from).
    photo_archive: Path | None = None
    photo_files: int | None = None
    photo_files_removed: int = 0

    def summary(self) -> str:
        size = self.path.stat().st_size if self.path.exists() else 0
        total = sum(self.rows.values())
        return (
            f"{self.action}: {len(self.rows)} tables, {total} rows, file {self.path} "
            f"({size / 1024:.1f} kB), {self._photo_summary()}, {self.seconds:.2f} s"
        )

    def _photo_summary(self) -> str:
        if self.photo_files is None:
            return "photos not restored (no photo archive)"
        archive = self.photo_archive
        size = archive.stat().st_size if archive is not None and archive.exists() else 0
        text = f"{self.photo_files} photo files in {archive} ({size / 1024:.1f} kB)"
        if self.photo_files_removed:
            text += f", {self.photo_files_removed} photo files not in the backup removed"
        return text


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


# --- Photos --------------------------------------------------------------------------

# The names the photo storage makes (contributions/photos/storage.py): `<aa>/<key>-<size>.jpg`.
# A half-written file (`.<name>.<random>`) does not match and is left out.
PHOTO_NAME = re.compile(r"[A-Za-z0-9]{2}/[A-Za-z0-9]+-[a-z]+\.jpg")
PROGRESS_EVERY = 500


def photo_archive_path(database_file: Path) -> Path:
    return database_file.with_name(f"{database_file.name}.photos.tar")


def _photo_dir() -> Path:
    return Path(current_app.config["PHOTO_STORAGE_DIR"])


def _photo_files(root: Path) -> list[str]:
    """The photo files under `root`, as names relative to it."""
    if not root.is_dir():
        return []
    names = (path.relative_to(root).as_posix() for path in root.glob("*/*") if path.is_file())
    return sorted(name for name in names if PHOTO_NAME.fullmatch(name))


def _progress(verb: str, done: int, total: int, echo: Echo) -> None:
    if done == total or done % PROGRESS_EVERY == 0:
        echo(f"  {verb} {done} of {total} photo files ({100 * done // max(total, 1)}%)")


def backup_photos(archive: Path, echo: Echo) -> int:
    """Write every photo file to `archive` (a new file, in place only when complete)."""
    root = _photo_dir()
    names = _photo_files(root)
    echo(f"Backing up {len(names)} photo files from {root} to {archive}")
    temporary = archive.with_name(f".{archive.name}.partial")
    try:
        with tarfile.open(temporary, "w") as tar:
            for done, name in enumerate(names, start=1):
                try:
                    tar.add(root / name, arcname=name, recursive=False)
                except FileNotFoundError:
                    continue  # removed (with its row) while we were copying
                _progress("archived", done, len(names), echo)
        os.replace(temporary, archive)
    finally:
        temporary.unlink(missing_ok=True)
    return len(names)


def _checked_members(tar: tarfile.TarFile, archive: Path) -> list[tarfile.TarInfo]:
    members = [member for member in tar.getmembers() if not member.isdir()]
    for member in members:
        if not member.isfile() or not PHOTO_NAME.fullmatch(member.name):
            raise BackupError(f"{archive} holds {member.name!r}, which is not a photo file.")
    return members


def restore_photos(archive: Path, echo: Echo) -> tuple[int, int]:
    """Put the photo files of `archive` back; (files restored, files removed)."""
    root = _photo_dir()
    try:
        with tarfile.open(archive, "r:") as tar:
            members = _checked_members(tar, archive)
            echo(f"Restoring {len(members)} photo files to {root} from {archive}")
            wanted = set()
            for done, member in enumerate(members, start=1):
                target = root / member.name
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                # Written beside its place and then moved: never a half-written photo.
                with tempfile.NamedTemporaryFile(
                    dir=target.parent, prefix=f".{target.name}.", delete=False
                ) as out:
                    shutil.copyfileobj(source, out)
                os.replace(out.name, target)
                wanted.add(member.name)
                _progress("restored", done, len(members), echo)
    except tarfile.TarError as error:
        raise BackupError(f"{archive} is not a photo archive: {error}") from error
    stale = [name for name in _photo_files(root) if name not in wanted]
    for name in stale:
        (root / name).unlink(missing_ok=True)
    if stale:
        echo(f"  removed {len(stale)} photo files that are not in the backup")
    return len(members), len(stale)


def _check_photo_archive(archive: Path) -> None:
    """Refuse a bad photo archive before the database is replaced."""
    try:
        with tarfile.open(archive, "r:") as tar:
            _checked_members(tar, archive)
    except tarfile.TarError as error:
        raise BackupError(f"{archive} is not a photo archive: {error}") from error


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
    # After the database: a photo added in between is then in the archive without its row
    # (removed at the restore), never a row without its photo.
    report.photo_archive = photo_archive_path(output)
    report.photo_files = backup_photos(report.photo_archive, echo)
    report.seconds = time.monotonic() - started
    return report


def restore(source: Path, echo: Echo = print) -> Report:
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    report = Report("Restore", source)
    started = time.monotonic()
    archive = photo_archive_path(source)
    if archive.is_file():
        _check_photo_archive(archive)
    else:
        echo(f"No photo archive {archive}: the photo files are left as they are.")
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
    if archive.is_file():
        report.photo_archive = archive
        report.photo_files, report.photo_files_removed = restore_photos(archive, echo)
    report.rows = row_counts()
    report.seconds = time.monotonic() - started
    return report
