"""A photo on a contribution: its alt text and the random key of its two stored files."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db

MAX_PHOTOS = 3
ALT_MAX = 250
ALT_MIN = 3
KEY_LENGTH = 32
# The stored sizes; the key and the size make the file name (storage.py).
SIZES = ("thumb", "display")


def alt_field(photo_id: int) -> str:
    """The edit page's field for the alt text of a photo the contribution already has."""
    return f"photo_alt_{photo_id}"


class Photo(db.Model):
    __tablename__ = "contribution_photo"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contribution_id: Mapped[int] = mapped_column(
        ForeignKey("contribution.id", ondelete="CASCADE"), index=True
    )
    # Who added it (the author, or the worker who typed in offline input); erasure finds
    # the photos by it.
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    alt_text: Mapped[str] = mapped_column(String(ALT_MAX))
    # Random, never the uploader's file name: the files are <key>-thumb.jpg, <key>-display.jpg.
    key: Mapped[str] = mapped_column(String(KEY_LENGTH), unique=True)
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    thumb_width: Mapped[int] = mapped_column(Integer)
    thumb_height: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    def __repr__(self) -> str:
        return f"<Photo {self.id} of contribution {self.contribution_id}>"
