"""The start document as HTML, Markdown and an accessible PDF."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from tests.team_design.conftest import accepted, save
from wijkplatform.extensions import db
from wijkplatform.team_design import services

BASE = "/neighbourhoods/oude-haven/team-design"


def complete_design(world):
    design = services.start_design(world.moderator, world.neighbourhood)
    services.link_opgave(world.moderator, design, accepted(world))
    save(
        world,
        design,
        1,
        answers={
            "task": "Eenzaamheid en geldzorgen",
            "context": "Buurthuis",
            "involvement": "Bewonersavonden",
        },
        participation="codecide",
    )
    save(
        world,
        design,
        2,
        answers={"why": "Samen", "next": "Later integraal"},
        choices={"team_form": ["integrated"]},
        participation="advise",
    )
    save(
        world,
        design,
        3,
        answers={
            "depth": "Kort",
            "disciplines": "Welzijn",
            "referral": "Huisarts",
            "other_teams": "Jeugdteam",
        },
        choices={
            "breadth": ["community", "psychosocial", "debt_money"],
            "setup": ["broad"],
            "cases": ["single"],
        },
        participation="consult",
    )
    save(
        world,
        design,
        4,
        answers={"base_method": "Krachtgericht", "specialist_methods": "MGW", "notes": "Samen"},
        choices={"principles": ["one_plan"]},
        participation="inform",
    )
    save(
        world,
        design,
        5,
        answers=dict.fromkeys(
            (
                "director",
                "case_director",
                "responsibility",
                "organisation",
                "accountability",
                "funding",
                "cooperation",
            ),
            "Afgesproken",
        ),
        choices={"leadership": ["working_leader"], "mandate": ["partial"]},
        participation="advise",
    )
    save(
        world,
        design,
        6,
        answers={"personal": "Ondernemend", "composition": "Gemengd"},
        choices={"competences": ["life_world"]},
        participation="coproduce",
    )
    services.add_action(
        world.moderator,
        design,
        block=2,
        title="Startbijeenkomst",
        owner_id=world.moderator.id,
        due_date=date(2027, 2, 1),
    )
    db.session.commit()
    return design


def test_a_complete_design_is_complete_in_every_block(world):
    from wijkplatform.team_design import queries

    design = complete_design(world)
    progress = queries.progress(design, queries.linked_opgaven(design))
    assert all(p.complete for p in progress.values()), progress


def test_pdf_is_tagged_has_its_language_and_the_expected_headings(world, client, login):
    # How long it takes is measured in the benchmark ("team design start document" in
    # bench/run.py), not here: a timed assertion fails on a busy machine, not on a slow PDF.
    complete_design(world)
    login(world.moderator)
    response = client.get(f"{BASE}/start-document.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    reader = PdfReader(io.BytesIO(response.data))
    root = reader.trailer["/Root"]
    assert root["/Lang"] in ("nl", "nl-NL")
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert reader.metadata.title == "Startdocument: het wijkteam van Oude Haven"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for heading in (
        "Startdocument: het wijkteam van Oude Haven",
        "Gebiedsanalyse",
        "De opgave",
        "Opgave Oude Haven 2027",
        "1. De opgave en de kracht van de wijk",
        "6. Competenties",
        "Teamontwikkelplan",
        "Startbijeenkomst",
    ):
        assert heading in text, heading


def test_html_and_markdown_contain_all_six_blocks_date_and_version(world, client, login):
    design = complete_design(world)
    login(world.moderator)
    html = client.get(f"{BASE}/start-document").get_data(as_text=True)
    markdown = client.get(f"{BASE}/start-document.md")
    assert markdown.mimetype == "text/markdown"
    md = markdown.get_data(as_text=True)
    for number in range(1, 7):
        assert f"## {number}. " in md
        assert f">{number}. " in html
    assert f"{design.revision}" in md
    assert "Eenzaamheid en geldzorgen" in md and "Eenzaamheid en geldzorgen" in html


def test_residents_do_not_download_the_working_document(world, client, login):
    complete_design(world)
    login(world.resident)
    assert client.get(f"{BASE}/start-document.pdf").status_code == 403
