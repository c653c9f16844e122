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


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_core_journey_without_javascript(page, audit, unique, lang):
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
