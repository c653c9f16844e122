"""The core journey (register, log out, log in, browse) with JavaScript switched off in the
browser: everything is a plain link or form post.

axe cannot run here (it is JavaScript itself); the same pages are checked with axe in the
journeys with JavaScript on. The HTML checker still reads every page."""

from __future__ import annotations

import pytest

from tests.e2e.steps import (
    choose_language,
    error_summary_links,
    fill_registration,
    html_lang,
    is_logged_in,
    log_in,
    log_out,
    new_person,
    path,
    submit,
)


@pytest.fixture
def page(new_context):
    return new_context(java_script_enabled=False).new_page()


def test_core_journey_without_javascript(page, audit, unique, lang, width):
    person = new_person(unique)
    page.goto("/")
    choose_language(page, lang)
    assert page.locator("script[src]").count() >= 1, "the scripts are there, just not run"
    audit.check(page, "nojs-home", axe=False)

    page.locator('header a[href="/account/register"]').click()
    fill_registration(page, person)
    page.fill("#password_confirm", "een ander wachtwoord")
    submit(page, "/account/register")
    # Without JavaScript the summary is not focused, but it is the first thing in the form
    # and links to the field.
    assert page.locator("#error-summary").is_visible()
    assert "#password_confirm" in error_summary_links(page)
    assert page.input_value("#email") == person.email
    assert page.input_value("#display_name") == person.display_name
    audit.check(page, "nojs-register-errors", axe=False)

    page.fill("#password", person.password)
    page.fill("#password_confirm", person.password)
    submit(page, "/account/register")
    assert path(page) == "/account/"
    assert is_logged_in(page)
    assert html_lang(page) == lang

    log_out(page)
    assert not is_logged_in(page)
    log_in(page, person.email, person.password)
    assert is_logged_in(page)

    page.locator('header a[href="/neighbourhoods/"]').click()
    page.locator("main .card a", has_text="De Akkers").click()
    assert path(page) == "/neighbourhoods/de-akkers/"
    assert html_lang(page) == lang
    audit.check(page, "nojs-neighbourhood", axe=False)

    # The language switch is a plain form post: it works without JavaScript too.
    other = "en" if lang == "nl" else "nl"
    choose_language(page, other)
    assert path(page) == "/neighbourhoods/de-akkers/"


def test_resident_reacts_to_the_open_opgave_and_worker_searches_evidence_without_javascript(
    page, audit, lang, width
):
    from tests.e2e.steps import RESIDENT
    from wijkplatform.demo.people import PEOPLE

    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/oude-haven/")
    page.locator("#opgaven .opgave-status--open_for_reactions").first.locator(
        "xpath=preceding-sibling::a"
    ).click()
    page.wait_for_load_state("load")
    opgave = path(page)
    page.goto(f"{opgave}/react")
    page.locator("#whole-answer input[value=yes]").check()
    page.fill("#whole-comment", "Zonder JavaScript ging het ook.")
    page.locator("main form.reaction-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == opgave
    assert page.locator("#result-whole").count() == 1
    audit.check(page, "nojs-opgave-reacted", axe=False)
    log_out(page)

    worker = next(p for p in PEOPLE if p["email"].startswith("wijkwerker"))
    log_in(page, worker["email"], worker["password"])
    choose_language(page, lang)
    page.goto(f"{opgave}/evidence")
    page.fill("#q", "koffie")
    page.locator("main form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert "q=koffie" in page.url
    audit.check(page, "nojs-opgave-evidence-search", axe=False)
