"""`flask backup` and `flask restore` round-trip every row of every table, on SQLite
(online backup API) and PostgreSQL (pg_dump / pg_restore, custom format)."""

from __future__ import annotations

from sqlalchemy import delete, inspect, select, table, text

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, admin, resident
from wijkplatform.accounts.models import User
from wijkplatform.extensions import db


def _all_rows() -> dict[str, list[tuple]]:
    db.session.remove()
    with db.engine.connect() as connection:
        snapshot = {}
        for name in sorted(inspect(connection).get_table_names()):
            rows = connection.execute(select(text("*")).select_from(table(name))).all()
            snapshot[name] = sorted((tuple(row) for row in rows), key=repr)
        return snapshot


def _make_data():
    neighbourhood = NeighbourhoodFactory(
        name="Lombok", slug="lombok", description="Wijk met 'quotes' & é"
    )
    resident(neighbourhood, display_name="Zoë")
    admin()
    MunicipalityFactory()
    db.session.commit()


def test_backup_and_restore_round_trip_every_row(app, tmp_path):
    _make_data()
    before = _all_rows()
    assert sum(len(rows) for rows in before.values()) >= 7
    runner = app.test_cli_runner()
    output = tmp_path / "backup.file"

    result = runner.invoke(args=["backup", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert "Backup:" in result.output and "tables" in result.output
    assert output.stat().st_size > 0

    # Things change after the backup ...
    db.session.execute(delete(User).where(User.display_name == "Zoë"))
    MunicipalityFactory(name="Nieuw")
    db.session.commit()
    assert _all_rows() != before

    # ... and the restore brings back exactly what was backed up.
    result = runner.invoke(args=["restore", "--yes", str(output)])
    assert result.exit_code == 0, result.output
    assert "Restore:" in result.output
    assert _all_rows() == before
    # The app works on the restored database.
    page = app.test_client().get("/neighbourhoods/lombok/")
    assert page.status_code == 200
    assert "Wijk met &#39;quotes&#39; &amp; é" in page.get_data(as_text=True)
    assert app.test_client().get("/readyz").status_code == 200


def test_restore_refuses_a_file_that_is_not_a_backup(app, tmp_path):
    bogus = tmp_path / "bogus.file"
    bogus.write_bytes(b"not a backup at all")
    result = app.test_cli_runner().invoke(args=["restore", "--yes", str(bogus)])
    assert result.exit_code != 0
    assert app.test_client().get("/readyz").status_code == 200


def test_restore_asks_before_replacing_everything(app, tmp_path):
    output = tmp_path / "backup.file"
    runner = app.test_cli_runner()
    assert runner.invoke(args=["backup", "--output", str(output)]).exit_code == 0
    result = runner.invoke(args=["restore", str(output)], input="n\n")
    assert result.exit_code != 0
    assert "Aborted" in result.output
