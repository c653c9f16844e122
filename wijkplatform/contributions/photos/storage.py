"""Where photo files live, and how they stay in step with the database.

Files sit in PHOTO_STORAGE_DIR (default instance/photos) as `<aa>/<key>-<size>.jpg`, where
the key is random (never the uploader's file name) and `aa` its first two characters (no
folder with a million files). With several app servers the folder must be one shared
folder (an NFS or object-store mount): no server may keep photos of its own
(docs/deploy.md).

A file is written when its row is added and deleted when its row is deleted, but the
database decides: a transaction that rolls back removes the files it wrote, and the files
of deleted rows go only after the commit. So a refused upload leaves no file behind, and a
moderator's removal that fails leaves the photo whole.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Session

from wijkplatform.contributions.photos.models import KEY_LENGTH, SIZES

logger = logging.getLogger(__name__)

_WRITTEN = "photo_files_written"
_TO_DELETE = "photo_files_to_delete"


def new_key() -> str:
    return secrets.token_hex(KEY_LENGTH // 2)


def storage_dir() -> Path:
    return Path(current_app.config["PHOTO_STORAGE_DIR"])


def path_for(key: str, size: str) -> Path:
    if size not in SIZES or not key.isalnum():
        raise ValueError("unknown photo file")
    return storage_dir() / key[:2] / f"{key}-{size}.jpg"


def write(session: Session, key: str, files: dict[str, bytes]) -> None:
    """Write the files of a new photo; they are removed again if `session` rolls back."""
    written = session.info.setdefault(_WRITTEN, [])
    for size, data in files.items():
        path = path_for(key, size)
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
        written.append(path)
        with open(temporary, "wb") as out:
            out.write(data)
        os.replace(temporary, path)  # never a half-written file under the real name


def delete_after_commit(session: Session, key: str) -> None:
    session.info.setdefault(_TO_DELETE, []).extend(path_for(key, size) for size in SIZES)


def _remove(paths) -> None:
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            logger.warning("Could not remove photo file %s", path, exc_info=True)


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():
        return  # a savepoint was released; the request's transaction goes on
    session.info.pop(_WRITTEN, None)
    _remove(session.info.pop(_TO_DELETE, []))


def _after_transaction_end(session: Session, transaction) -> None:
    """The outermost transaction ended: what a commit did not take over was rolled back
    (or the session was closed without a commit), so the files it wrote go."""
    if transaction.parent is not None or transaction.nested:
        return
    _remove(session.info.pop(_WRITTEN, []))
    session.info.pop(_TO_DELETE, None)


def init_app(app) -> None:
    # Once per process (the listeners are on the Session class, not on one app's session).
    if not event.contains(Session, "after_commit", _after_commit):
        event.listen(Session, "after_commit", _after_commit)
        event.listen(Session, "after_transaction_end", _after_transaction_end)
