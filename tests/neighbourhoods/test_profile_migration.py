"""The area-profile migration matches the models and can be rolled back and forth."""

from __future__ import annotations

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from wijkplatform.extensions import db

REVISION = "3ee372e06e83"  # area profiles


def test_area_profile_migration_downgrades_and_upgrades_again(app):
    db.session.remove()
    downgrade(revision=f"{REVISION}-1")
    assert "area_profile" not in inspect(db.engine).get_table_names()
    upgrade()
    tables = inspect(db.engine).get_table_names()
    assert {"area_profile", "indicator_value"} <= set(tables)
