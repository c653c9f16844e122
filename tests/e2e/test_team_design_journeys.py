"""The team design, as the people who make it and read it: the neighbourhood worker of Oude
Haven works through all six blocks of the demo design (a contradiction is flagged and then
solved), adds an action to the development plan (first with a mistake), publishes and
downloads the start document; a resident reads the design and comments on a block. With axe
and the HTML checker on every page and after every form error."""

from __future__ import annotations

import re

import pytest

from tests.e2e.steps import RESIDENT, choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

MODERATOR = next(person for person in PEOPLE if person["email"].startswith("wijkwerker"))
BASE = "/neighbourhoods/oude-haven/team-design"


def _click(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state("load")


def _save_block(page, number: int) -> None:
    _click(page, f"form[action='{BASE}/blocks/{number}/edit'] button[type=submit]")
    assert path(page) == f"{BASE}/worksheet", path(page)


WORDS = {
    "nl": {
        "integral": "Integraal team",
        "overdue": "Te laat",
        "network": "Samenwerkingsverband",
    },
    "en": {"integral": "Integral team", "overdue": "Overdue", "network": "Collaboration network"},
}


def test_worker_completes_the_design_plan_and_start_document_and_a_resident_comments(
    page, audit, unique, lang, width
):
    log_in(page, MODERATOR["email"], MODERATOR["password"])
    choose_language(page, lang)
    # The journey runs once per language on the same demo design: start from a mandate that
    # is not full, so that the contradiction below appears each time.
    page.goto(f"{BASE}/blocks/5/edit")
    page.locator("#mandate input[value=partial]").check()
    _save_block(page, 5)
    page.goto("/neighbourhoods/oude-haven/")
    _click(page, f"#team-design a[href='{BASE}/worksheet']")
    audit.check(page, "team-design-worksheet", screenshots=True)

    # Block 1: goals and focus come from the accepted Opgave; the worker writes the rest.
    page.goto(f"{BASE}/blocks/1/edit")
    audit.check(page, "team-design-block-1", screenshots=True)
    assert page.locator("#from-opgave-heading").count() == 1
    page.fill("#task", f"Eenzaamheid en geldzorgen vroeg zien ({unique}).")
    page.locator("#participation input[value=codecide]").check()
    _save_block(page, 1)

    # Block 2: an integral team without a full mandate is flagged, naming blocks 2 and 5.
    page.goto(f"{BASE}/blocks/2/edit")
    page.locator("#team_form input[value=integral]").check()
    page.fill("#why", "De partners willen één team met een eigen leider.")
    _save_block(page, 2)
    hint = page.locator("#hint-integral_without_mandate")
    assert hint.count() == 1
    assert hint.locator("a[href='#block-5']").count() == 1
    audit.check(page, "team-design-worksheet-hint")

    for number, fill in (
        (3, {"#depth": "Kort en licht, hoogstens drie maanden."}),
        (4, {"#base_method": "Oplossingsgericht werken met het eigen netwerk."}),
        (6, {"#composition": "Zes professionals en één ervaringsdeskundige."}),
    ):
        page.goto(f"{BASE}/blocks/{number}/edit")
        audit.check(page, f"team-design-block-{number}")
        for selector, text in fill.items():
            page.fill(selector, text)
        _save_block(page, number)

    # Block 5: a full mandate and a working leader solve the contradiction.
    page.goto(f"{BASE}/blocks/5/edit")
    audit.check(page, "team-design-block-5")
    page.locator("#mandate input[value=full]").check()
    page.locator("#leadership input[value=working_leader]").check()
    _save_block(page, 5)
    assert page.locator("#hint-integral_without_mandate").count() == 0

    # The development plan: an action without an owner is refused, the text stays.
    page.goto(f"{BASE}/plan")
    audit.check(page, "team-design-plan", screenshots=True)
    page.fill("#title", f"Teamleider aanstellen {unique}")
    page.select_option("#block", "5")
    page.fill("#due_date", "2027-03-31")
    _click(page, f"form[action='{BASE}/plan'] button[type=submit]")
    assert page.locator("#owner_id-error").count() == 1
    assert page.input_value("#title") == f"Teamleider aanstellen {unique}"
    audit.check(page, "team-design-plan-errors")
    page.select_option("#owner_id", label=MODERATOR["display_name"])
    _click(page, f"form[action='{BASE}/plan'] button[type=submit]")
    assert f"Teamleider aanstellen {unique}" in page.locator("#plan-actions").inner_text()
    # The demo plan has an action past its date: it says so in words.
    assert page.locator(".plan-action--overdue", has_text=WORDS[lang]["overdue"]).count() >= 1

    # The start document: a web page, and a PDF that downloads.
    page.goto(f"{BASE}/start-document")
    audit.check(page, "team-design-start-document")
    pdf = page.request.get(f"{BASE}/start-document.pdf", timeout=60_000)  # WeasyPrint: slow
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body()[:5] == b"%PDF-"
    page.goto(f"{BASE}/worksheet")
    log_out(page)

    # A resident reads the published design in plain words and comments on block 1.
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto(f"{BASE}/")
    audit.check(page, "team-design-public", screenshots=True)
    assert WORDS[lang]["integral"] in page.locator("#summary-heading + dl").inner_text()
    _click(page, f"form[action='{BASE}/blocks/1/comments'] button[type=submit]")
    assert page.locator("#block1-body-error").count() == 1
    audit.check(page, "team-design-comment-errors")
    page.fill("#block1-body", f"Mag ik meedoen in de klankbordgroep? ({unique})")
    _click(page, f"form[action='{BASE}/blocks/1/comments'] button[type=submit]")
    assert f"({unique})" in page.locator("#block-1").inner_text()


@pytest.fixture
def new_neighbourhood(live_app, unique):
    """A neighbourhood of the demo's municipality without a team design, and its
    neighbourhood worker (a fresh one per run, so each language starts from nothing)."""
    from tests.factories import PASSWORD, NeighbourhoodFactory, moderator
    from wijkplatform.extensions import db
    from wijkplatform.neighbourhoods import queries

    with live_app.app_context():
        municipality = queries.get_neighbourhood_by_slug("oude-haven").municipality
        neighbourhood = NeighbourhoodFactory(
            municipality=municipality, name=f"Nieuwe Wijk {unique}", slug=f"nieuwe-wijk-{unique}"
        )
        worker = moderator(
            neighbourhood, email=f"wijkwerker-{unique}@example.nl", display_name=f"Noor {unique}"
        )
        db.session.commit()
        found = {"slug": neighbourhood.slug, "email": worker.email, "password": PASSWORD}
        db.session.remove()
    return found


def _answered(page, selector: str) -> int:
    """The first number in the progress line: how many are answered."""
    return int(re.search(r"\d+", page.locator(selector).inner_text()).group())


def test_worker_starts_a_design_from_nothing_and_publishes_it(
    page, audit, unique, lang, width, new_neighbourhood
):
    base = f"/neighbourhoods/{new_neighbourhood['slug']}/team-design"
    log_in(page, new_neighbourhood["email"], new_neighbourhood["password"])
    choose_language(page, lang)
    page.goto(f"{base}/worksheet")
    audit.check(page, "team-design-worksheet-empty")
    assert page.locator("#blocks-heading").count() == 0
    _click(page, f"form[action='{base}/start'] button[type=submit]")
    assert path(page) == f"{base}/worksheet", path(page)
    audit.check(page, "team-design-worksheet-started")
    progress = "#block-{number} > p:nth-of-type(2)"
    before = {n: _answered(page, progress.format(number=n)) for n in (1, 2)}
    assert before == {1: 0, 2: 0}

    # Block 1: a free-text answer.
    _click(page, f"#block-1 a[href='{base}/blocks/1/edit']")
    page.fill("#task", f"Ouderen die alleen wonen eerder bereiken ({unique}).")
    _click(page, f"form[action='{base}/blocks/1/edit'] button[type=submit]")
    assert path(page) == f"{base}/worksheet", path(page)
    assert _answered(page, progress.format(number=1)) == 1

    # Block 2: a structured choice, the team form.
    page.goto(f"{base}/blocks/2/edit")
    audit.check(page, "team-design-block-2-new")
    page.locator("#team_form input[value=network]").check()
    _click(page, f"form[action='{base}/blocks/2/edit'] button[type=submit]")
    assert path(page) == f"{base}/worksheet", path(page)
    assert _answered(page, progress.format(number=2)) == 1
    assert WORDS[lang]["network"] in page.locator("#block-2").inner_text()
    audit.check(page, "team-design-worksheet-progress")

    # Not published yet: a visitor reads nothing of it.
    log_out(page)
    page.goto(f"{base}/")
    assert f"({unique})" not in page.content()
    assert WORDS[lang]["network"] not in page.content()

    # Published: everyone reads what kind of team it will be.
    log_in(page, new_neighbourhood["email"], new_neighbourhood["password"])
    page.goto(f"{base}/worksheet")
    _click(page, f"form[action='{base}/publish'] button[value=publish]")
    log_out(page)
    choose_language(page, lang)
    page.goto(f"{base}/")
    audit.check(page, "team-design-public-new")
    assert WORDS[lang]["network"] in page.locator("#summary-heading + dl").inner_text()
    assert f"({unique})" in page.locator("#block-1").inner_text()
