"""Open data exports: public data only, spreadsheet-safe, streamed in batches."""

from __future__ import annotations

import csv
import io
import json

import pytest

from tests.factories import ContributionFactory, UserFactory
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db
from wijkplatform.opgaven.models import Opgave, OpgaveEvidence, OpgaveStatus
from wijkplatform.review import exports

SECRET_WORDS = (
    "Verborgen scheldpartij",
    "Dubbele bankjesvraag",
    "Geheime conceptopgave",
    "@example.nl",
)


@pytest.fixture
def opgaven(scene):
    published = Opgave(
        neighbourhood_id=scene.large.id,
        title="Opgave Grote Wijk 2027",
        status=OpgaveStatus.SUBMITTED,
        current_version=1,
        submitted_version=1,
        published_at=utcnow(),
    )
    draft = Opgave(
        neighbourhood_id=scene.large.id,
        title="Geheime conceptopgave",
        status=OpgaveStatus.DRAFT,
        current_version=1,
    )
    db.session.add_all([published, draft])
    db.session.flush()
    for contribution in (scene.large_item, scene.hidden, scene.merged):
        db.session.add(
            OpgaveEvidence(
                opgave_id=published.id, contribution_id=contribution.id, section="problems"
            )
        )
    db.session.add(
        OpgaveEvidence(opgave_id=draft.id, contribution_id=scene.large_item.id, section="problems")
    )
    db.session.commit()
    return published, draft


def _csv(client, url) -> list[dict]:
    response = client.get(url)
    assert response.status_code == 200, url
    assert response.mimetype == "text/csv"
    assert response.is_streamed
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_safe_cell_neutralises_formulas_but_not_numbers():
    assert exports.safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    for start in "+-@":
        assert exports.safe_cell(f"{start}1") == f"'{start}1"
    assert exports.safe_cell(-4.5) == -4.5
    assert exports.safe_cell("Gewoon") == "Gewoon"


def test_municipality_csv_has_every_public_data_set_and_nothing_hidden(scene, opgaven, client):
    published, _draft = opgaven
    everything = ""
    for dataset in exports.DATASETS:
        response = client.get(f"/review/export/municipality/GM7001/{dataset}.csv")
        assert response.status_code == 200
        everything += response.get_data(as_text=True)
    for word in SECRET_WORDS:
        assert word not in everything
    rows = _csv(client, "/review/export/municipality/GM7001/contributions.csv")
    titles = {row["title"] for row in rows}
    assert {"Meer bankjes in het park", "Buurthuis gaat vaker open"} <= titles
    assert not set(rows[0]) & {"author", "email", "author_id"}
    evidence = _csv(client, "/review/export/municipality/GM7001/evidence.csv")
    assert [int(row["contribution_id"]) for row in evidence] == [scene.large_item.id]
    assert [
        int(row["id"]) for row in _csv(client, "/review/export/municipality/GM7001/opgaven.csv")
    ] == [published.id]
    counts = _csv(client, "/review/export/municipality/GM7001/counts.csv")
    totals = [row for row in counts if row["category"] == "all"]
    assert sum(int(row["participants"]) for row in totals) == 16


def test_formula_cells_are_neutralised_in_the_csv(scene, client):
    ContributionFactory(
        neighbourhood=scene.small,
        author=UserFactory(),
        title='=HYPERLINK("http://evil.example")',
        body="+31 6 12345678",
        place="@SUM(A1)",
    )
    db.session.commit()
    rows = _csv(client, "/review/export/neighbourhood/kleine-buurt/contributions.csv")
    row = next(r for r in rows if "HYPERLINK" in r["title"])
    assert row["title"].startswith("'=")
    assert row["body"] == "'+31 6 12345678"
    assert row["place"] == "'@SUM(A1)"


def test_json_export_is_one_document_without_hidden_or_personal_data(scene, opgaven, client):
    response = client.get("/review/export/municipality/GM7001.json")
    assert response.status_code == 200 and response.is_streamed
    text = response.get_data(as_text=True)
    for word in SECRET_WORDS:
        assert word not in text
    document = json.loads(text)
    assert document["scope"] == {"kind": "municipality", "key": "GM7001", "name": "Lindenhoven"}
    assert set(exports.DATASETS) <= set(document)
    assert document["contributions"][0]["created_at"].endswith("Z")
    assert [o["title"] for o in document["opgaven"]] == ["Opgave Grote Wijk 2027"]


def test_neighbourhood_export_holds_only_that_neighbourhood(scene, client):
    document = json.loads(
        client.get("/review/export/neighbourhood/kleine-buurt.json").get_data(as_text=True)
    )
    assert {c["neighbourhood"] for c in document["contributions"]} == {"kleine-buurt"}
    assert {c["title"] for c in document["contributions"]} == {"Buurthuis gaat vaker open"}


@pytest.mark.parametrize(
    "url",
    [
        "/review/export/municipality/GM0000.json",
        "/review/export/planet/GM7001.json",
        "/review/export/neighbourhood/nergens/contributions.csv",
        "/review/export/municipality/GM7001/users.csv",
    ],
)
def test_unknown_scope_or_data_set_is_not_found(scene, client, url):
    assert client.get(url).status_code == 404


def test_contributions_are_read_in_batches_and_all_arrive(scene, client, monkeypatch):
    monkeypatch.setattr(exports, "BATCH", 2)
    response = client.get("/review/export/municipality/GM7001/contributions.csv")
    chunks = list(response.response)
    rows = list(
        csv.DictReader(
            io.StringIO("".join(c.decode() if isinstance(c, bytes) else c for c in chunks))
        )
    )
    ids = [int(row["id"]) for row in rows]
    assert ids == sorted(ids) and len(ids) == len(set(ids)) == 8
    assert len(chunks) >= 4  # written a batch at a time, not built whole
    json_text = client.get("/review/export/municipality/GM7001.json").get_data(as_text=True)
    assert len(json.loads(json_text)["contributions"]) == 8


def test_export_command_writes_csv_and_json_with_progress(scene, opgaven, app, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["export", "--format", "csv", "--municipality", "GM7001", "--output", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    assert "contributions: 8 rows" in result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"wijkplatform-GM7001-{d}.csv" for d in exports.DATASETS)
    result = runner.invoke(
        args=[
            "export",
            "--format",
            "json",
            "--neighbourhood",
            "kleine-buurt",
            "--output",
            str(tmp_path),
        ]
    )
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "wijkplatform-kleine-buurt.json").read_text())
    assert len(document["contributions"]) == 1
    everything = "".join(p.read_text() for p in tmp_path.iterdir())
    for word in SECRET_WORDS:
        assert word not in everything
    bad = runner.invoke(args=["export", "--municipality", "GM0000", "--output", str(tmp_path)])
    assert bad.exit_code != 0 and "GM0000" in bad.output
