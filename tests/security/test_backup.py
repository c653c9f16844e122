"""`flask backup` and `flask restore` round-trip every row of every table, on SQLite
(online backup API) and PostgreSQL (pg_dump / pg_restore, custom format)."""

from __future__ import annotations

from sqlalchemy import delete, inspect, select, table, text

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, admin, resident
from wijkplatform.accounts.models import User
from wijkplatform.contributions.photos.models import Photo
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


# --- Photos (PHOTO_STORAGE_DIR is not in the database) ----------------------------------


def _photo_on_a_contribution():
    from tests.contributions import photo_files
    from wijkplatform.contributions import services
    from wijkplatform.contributions.photos import images
    from wijkplatform.contributions.photos import services as photo_services

    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    prepared = images.prepare(photo_files.photo(), max_bytes=8 * 1024 * 1024, max_pixels=40_000_000)
    contribution = services.create_contribution(
        author, neighbourhood=neighbourhood, kind="issue", title="Kapotte lantaarnpaal",
        body="Al twee weken is het donker.", categories=["safety"],
        photos=[photo_services.NewPhoto(prepared, "Lantaarnpaal met een kapotte lamp")],
    )  # fmt: skip
    db.session.commit()
    return db.session.scalars(select(Photo).where(Photo.contribution_id == contribution.id)).one()


def _served(app, key: str, size: str = "display") -> tuple[int, bytes]:
    response = app.test_client().get(f"/photos/{key}-{size}.jpg")
    body = response.get_data()
    response.close()
    return response.status_code, body


def test_backup_keeps_the_photos_and_restore_brings_them_back(app, tmp_path):
    import shutil
    from pathlib import Path

    key = _photo_on_a_contribution().key
    status, original = _served(app, key)
    assert status == 200 and original
    runner = app.test_cli_runner()
    output = tmp_path / "backup.file"

    result = runner.invoke(args=["backup", "--output", str(output)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "backup.file.photos.tar").is_file()
    assert "archived 2 of 2 photo files (100%)" in result.output
    assert "2 photo files in" in result.output  # the summary

    # The whole photo folder is lost ...
    shutil.rmtree(Path(app.config["PHOTO_STORAGE_DIR"]))
    assert _served(app, key)[0] == 404

    # ... and the restore brings back the same files.
    result = runner.invoke(args=["restore", "--yes", str(output)])
    assert result.exit_code == 0, result.output
    assert "restored 2 of 2 photo files (100%)" in result.output
    assert _served(app, key) == (200, original)
    assert _served(app, key, "thumb")[0] == 200


def test_restore_removes_photo_files_the_backup_does_not_have(app, tmp_path):
    from pathlib import Path

    runner = app.test_cli_runner()
    output = tmp_path / "backup.file"
    assert runner.invoke(args=["backup", "--output", str(output)]).exit_code == 0
    # A photo added after the backup: its row goes with the restore, so its files go too.
    key = _photo_on_a_contribution().key
    assert _served(app, key)[0] == 200

    result = runner.invoke(args=["restore", "--yes", str(output)])
    assert result.exit_code == 0, result.output
    assert "removed 2 photo files that are not in the backup" in result.output
    assert _served(app, key)[0] == 404
    root = Path(app.config["PHOTO_STORAGE_DIR"])
    assert not [p for p in root.rglob("*") if p.is_file()]


def test_restore_without_a_photo_archive_leaves_the_photos_alone(app, tmp_path):
    key = _photo_on_a_contribution().key
    runner = app.test_cli_runner()
    output = tmp_path / "backup.file"
    assert runner.invoke(args=["backup", "--output", str(output)]).exit_code == 0
    (tmp_path / "backup.file.photos.tar").unlink()  # a backup made before photos were in it

    result = runner.invoke(args=["restore", "--yes", str(output)])
    assert result.exit_code == 0, result.output
    assert "No photo archive" in result.output
    assert "photos not restored" in result.output
    assert _served(app, key)[0] == 200


def test_restore_refuses_an_archive_with_other_files_before_touching_the_database(app, tmp_path):
    import io
    import tarfile

    _make_data()
    before = _all_rows()
    runner = app.test_cli_runner()
    output = tmp_path / "backup.file"
    assert runner.invoke(args=["backup", "--output", str(output)]).exit_code == 0
    with tarfile.open(tmp_path / "backup.file.photos.tar", "w") as tar:
        payload = b"#!/bin/sh\necho hacked\n"
        member = tarfile.TarInfo("../../evil.sh")
        member.size = len(payload)
        tar.addfile(member, io.BytesIO(payload))
    MunicipalityFactory(name="Na de backup")
    db.session.commit()
    changed = _all_rows()

    result = runner.invoke(args=["restore", "--yes", str(output)])
    assert result.exit_code != 0
    assert "not a photo file" in result.output
    assert _all_rows() == changed != before  # the database was not replaced
    assert not (tmp_path.parent / "evil.sh").exists()
