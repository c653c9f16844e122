"""The Opgave, as the three people who make it: the neighbourhood worker starts a draft, fills
it in (with the key figures of the area analysis), links evidence and asks residents to react;
a resident reacts; the municipality returns it with reasons; the worker changes it and submits
again; the municipality accepts it. In Dutch and English, with axe and the HTML checker on
every page, after every form error and after the htmx search."""

from __future__ import annotations

import re
from datetime import date, timedelta

from tests.e2e.harness import assert_htmx_result, clear_announcer
from tests.e2e.steps import RESIDENT, choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

MODERATOR = next(person for person in PEOPLE if person["email"].startswith("wijkwerker"))
REVIEWER = next(person for person in PEOPLE if person["email"].startswith("gemeente"))


def _click(page, selector: str) -> None:
    page.locator(selector).click()
    page.wait_for_load_state("load")


def test_draft_evidence_reactions_return_and_acceptance(page, audit, unique, lang, width):
    # The neighbourhood worker starts a draft; an empty title is refused beside the field.
    log_in(page, MODERATOR["email"], MODERATOR["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/oude-haven/opgaven/new")
    audit.check(page, "opgave-new")
    _click(page, "main form button[type=submit]")
    assert page.locator("#title-error").count() == 1
    audit.check(page, "opgave-new-errors")
    page.fill("#title", f"Opgave proef {unique}")
    _click(page, "main form button[type=submit]")
    opgave = int(re.fullmatch(r"/opgaven/(\d+)/edit", path(page)).group(1))

    # The form: the key figures of the area analysis come in as a starting text.
    audit.check(page, "opgave-edit", screenshots=True)
    page.fill("#task", "Eerst getypt, dan de cijfers erbij.")
    _click(page, "#pull-profile")  # a secondary action: what was typed stays
    assert page.input_value("#task") == "Eerst getypt, dan de cijfers erbij."
    assert "2023" in page.input_value("#characteristics")
    page.fill("#task", "Het wijkteam helpt eenzame ouderen en mensen met geldzorgen.")
    page.fill("#problems", "Eenzaamheid en schulden die laat zichtbaar worden.")
    page.locator("#goals input[value=resilience]").check()
    page.locator("#focus input[value=access]").check()
    page.fill("#title", "")  # a mistake: the typed text must stay
    _click(page, "#save-version")
    assert page.locator("#title-error").count() == 1
    assert "geldzorgen" in page.input_value("#task")
    audit.check(page, "opgave-edit-errors")
    page.fill("#title", f"Opgave proef {unique}")
    _click(page, "#save-version")
    assert path(page) == f"/opgaven/{opgave}"

    # Evidence: search with htmx (the list updates in place), then link the first result.
    page.goto(f"/opgaven/{opgave}/evidence")
    audit.check(page, "opgave-evidence")
    # The focus stays in the search field and the number found is read out.
    page.locator("#q").focus()
    clear_announcer(page)
    with page.expect_response(lambda r: "/evidence?" in r.url):
        page.fill("#q", "eenzaam")
    message = assert_htmx_result(page, "#q")
    found = page.locator("#evidence-candidates .evidence-item").count()
    assert found >= 1 and str(found) in message
    first = page.locator("#evidence-candidates .evidence-item").first
    title = first.locator("a").first.inner_text()
    audit.check(page, "opgave-evidence-searched")
    first.locator("button[type=submit]").click()
    page.wait_for_load_state("load")
    page.goto(f"/opgaven/{opgave}")
    assert title in page.locator("#section-problems").inner_text()

    # Ask residents to react; a date in the past is refused beside the field.
    page.fill("#open-until", (date.today() - timedelta(days=1)).isoformat())
    _click(page, f"form[action='/opgaven/{opgave}/reactions/open'] button[type=submit]")
    assert page.locator("#open-until-error").count() == 1
    audit.check(page, "opgave-open-errors")
    page.fill("#open-until", (date.today() + timedelta(days=21)).isoformat())
    _click(page, f"form[action='/opgaven/{opgave}/reactions/open'] button[type=submit]")
    audit.check(page, "opgave-open", screenshots=True)
    log_out(page)

    # A resident reacts; a comment without an answer is refused, the comment stays.
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto(f"/opgaven/{opgave}/react")
    audit.check(page, "opgave-react", screenshots=True)
    page.fill("#whole-comment", "Herkenbaar, maar de jongeren ontbreken.")
    _click(page, "main form.reaction-form button[type=submit]")
    assert page.locator("#whole-answer-error").count() == 1
    assert page.input_value("#whole-comment") == "Herkenbaar, maar de jongeren ontbreken."
    audit.check(page, "opgave-react-errors")
    page.locator("#whole-answer input[value=partly]").check()
    page.locator("#problems-answer input[value=yes]").check()
    _click(page, "main form.reaction-form button[type=submit]")
    assert path(page) == f"/opgaven/{opgave}"
    assert page.locator("#result-whole").count() == 1
    log_out(page)

    # The worker submits; the municipality returns it, first forgetting the reasons.
    log_in(page, MODERATOR["email"], MODERATOR["password"])
    page.goto(f"/opgaven/{opgave}")
    # Reactions are still open: without a reason it stays, with the error beside the field.
    _click(page, f"form[action='/opgaven/{opgave}/submit'] button[type=submit]")
    assert page.locator("#submit-reason-error").count() == 1
    audit.check(page, "opgave-submit-early-error")
    page.fill("#submit-reason", "De gemeenteraad bespreekt de wijken deze week.")
    _click(page, f"form[action='/opgaven/{opgave}/submit'] button[type=submit]")
    assert page.locator("#timeline").inner_text().count("De gemeenteraad bespreekt") == 1
    log_out(page)
    log_in(page, REVIEWER["email"], REVIEWER["password"])
    choose_language(page, lang)
    page.goto("/account/")
    assert page.locator(f"#to-review ~ ul a[href='/opgaven/{opgave}']").count() == 1
    page.goto(f"/opgaven/{opgave}")
    # The decision box says how many residents reacted and that the period was cut short.
    assert page.locator("#decision-facts #cut-short").count() == 1
    audit.check(page, "opgave-review", screenshots=True)
    page.locator("input[name='decision-decision'][value=return]").check()
    _click(page, f"form[action='/opgaven/{opgave}/decision'] button[type=submit]")
    assert page.locator("#decision-reasons-error").count() == 1
    audit.check(page, "opgave-review-errors")
    page.fill("#decision-reasons", "Schrijf erbij hoe de jongeren meedoen.")
    _click(page, f"form[action='/opgaven/{opgave}/decision'] button[type=submit]")
    assert "Schrijf erbij hoe de jongeren meedoen." in page.locator("#opgave-state").inner_text()
    log_out(page)

    # The worker changes the text and submits again; the municipality accepts.
    log_in(page, MODERATOR["email"], MODERATOR["password"])
    page.goto(f"/opgaven/{opgave}/edit")
    page.fill("#involvement", "Jongeren praten mee in een eigen klankbordgroep.")
    _click(page, "#save-version")
    _click(page, f"form[action='/opgaven/{opgave}/submit'] button[type=submit]")
    log_out(page)
    log_in(page, REVIEWER["email"], REVIEWER["password"])
    page.goto(f"/opgaven/{opgave}")
    page.locator("input[name='decision-decision'][value=accept]").check()
    _click(page, f"form[action='/opgaven/{opgave}/decision'] button[type=submit]")
    assert page.locator(".opgave-status--accepted").count() >= 1
    assert page.locator(f"a[href='/opgaven/{opgave}/edit']").count() == 0
    choose_language(page, lang)
    audit.check(page, "opgave-accepted", screenshots=True)

    # Everyone reads the versions, what changed, and the printable page.
    page.goto(f"/opgaven/{opgave}/versions/")
    audit.check(page, "opgave-versions")
    latest = page.locator(".version-list__item a[href$='/compare']").first
    _click(page, f"a[href='{latest.get_attribute('href')}']")
    assert page.locator("ins.diff__added").count() >= 1
    audit.check(page, "opgave-compare")
    page.goto(f"/opgaven/{opgave}/print")
    audit.check(page, "opgave-print")


def test_demo_opgaven_are_on_the_neighbourhood_page_for_everyone(page, audit, lang, width):
    page.goto("/neighbourhoods/oude-haven/")
    choose_language(page, lang)
    links = page.locator("#opgaven .opgave-list__item a")
    assert links.count() >= 2
    links.first.click()
    page.wait_for_load_state("load")
    audit.check(page, "opgave-public", screenshots=True)
    assert page.locator("#timeline li").count() >= 3
