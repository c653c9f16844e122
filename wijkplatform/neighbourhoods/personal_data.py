"""Area profiles name the administrator who imported them: in their personal-data export.
Erasure keeps the profiles (public statistics), imported by a former administrator."""

from __future__ import annotations

from sqlalchemy import select

from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile


def export_profile_imports(user) -> list[dict]:
    return [
        {
            "year": profile.year,
            "region_code": profile.region_code,
            "source_file": profile.source_file,
            "at": profile.created_at.isoformat() if profile.created_at else None,
        }
        for profile in db.session.scalars(
            select(AreaProfile)
            .where(AreaProfile.imported_by_id == user.id)
            .order_by(AreaProfile.id)
        )
    ]
