"""Visitors browse neighbourhoods; an admin adds a municipality and a neighbourhood; the
statements and error pages pass the same checks."""

from __future__ import annotations

from tests.e2e.steps import ADMIN, choose_language, html_lang, log_in, new_person, path, register

LANGUAGES = ["nl", "en"]


def test_visitor_browses_from_home_to_a_neighbourhood(page, audit, lang, width):
    page.goto("/")
    choose_language(page, lang)
    page.locator('header a[href="/neighbourhoods/"]').click()
    assert path(page) == "/neighbourhoods/"
    assert page.locator('header a[href="/neighbourhoods/"]').get_attribute("aria-current") == "page"
    assert page.locator("main .card").count() >= 4
    audit.check(page, "neighbourhoods", screenshots=True)

    page.locator("main .card a", has_text="Oude Haven").click()
    assert path(page) == "/neighbourhoods/oude-haven/"
    assert page.locator("h1").inner_text() == "Oude Haven"
    assert "Lindenhoven" in page.locator("main").inner_text()
    audit.check(page, "neighbourhood", screenshots=True)

    # Back through the breadcrumb.
    page.locator('nav.utrecht-breadcrumb-nav a[href="/neighbourhoods/"]').click()
    assert path(page) == "/neighbourhoods/"
    assert html_lang(page) == lang


def test_statements_are_reachable_from_every_footer(page, audit, lang, width):
    page.goto("/")
    choose_language(page, lang)
    page.locator('footer a[href="/privacy"]').click()
    audit.check(page, "privacy", screenshots=True)
    page.locator('footer a[href="/toegankelijkheid"]').click()
    audit.check(page, "accessibility", screenshots=True)
    page.locator('footer a[href="/begrippen"]').click()
    assert path(page) == "/begrippen"
    assert page.locator("#glossary dt").count() >= 3
    audit.check(page, "glossary", screenshots=True)


def test_admin_adds_a_municipality_and_a_neighbourhood(page, audit, unique, lang, width):
    code = f"GM7{unique[-3:]}"
    municipality = f"Testgemeente {unique}"
    neighbourhood = f"Nieuwe Wijk {unique}"
    log_in(page, ADMIN["email"], ADMIN["password"])
    choose_language(page, lang)
    page.locator('main a[href="/admin/places/"]').click()
    audit.check(page, "admin-places", screenshots=True)

    # A code in the wrong form is refused beside the field; the name stays.
    page.fill("#municipality-name", municipality)
    page.fill("#municipality-cbs_code", "7001")
    page.locator('main form[action="/admin/places/municipalities"] button[type=submit]').click()
    page.wait_for_load_state("load")
    assert page.locator("#municipality-cbs_code").get_attribute("aria-invalid") == "true"
    assert page.locator("#municipality-cbs_code-error").is_visible()
    assert page.input_value("#municipality-name") == municipality
    assert page.evaluate("document.activeElement.id") == "error-summary"
    audit.check(page, "admin-places-municipality-errors")

    page.fill("#municipality-cbs_code", code)
    page.locator('main form[action="/admin/places/municipalities"] button[type=submit]').click()
    page.wait_for_load_state("load")
    assert path(page) == "/admin/places/"
    assert page.locator(".flash-region .utrecht-alert--ok").is_visible()
    assert municipality in page.locator("main").inner_text()

    # A neighbourhood without a name is refused; then added with a name.
    page.select_option("#neighbourhood-municipality_id", label=f"{municipality} ({code})")
    page.locator('main form[action="/admin/places/neighbourhoods"] button[type=submit]').click()
    page.wait_for_load_state("load")
    assert page.locator("#neighbourhood-name").get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.activeElement.id") == "error-summary"
    audit.check(page, "admin-places-neighbourhood-errors")

    page.select_option("#neighbourhood-municipality_id", label=f"{municipality} ({code})")
    page.fill("#neighbourhood-name", neighbourhood)
    page.fill("#neighbourhood-description", "Een nieuwe wijk aan de rand van de stad.")
    page.locator('main form[action="/admin/places/neighbourhoods"] button[type=submit]').click()
    page.wait_for_load_state("load")
    assert path(page) == "/admin/places/"
    assert page.locator(".flash-region .utrecht-alert--ok").is_visible()

    page.locator('header a[href="/neighbourhoods/"]').click()
    page.locator("main .card a", has_text=neighbourhood).click()
    assert page.locator("h1").inner_text() == neighbourhood
    assert municipality in page.locator("main").inner_text()
    audit.check(page, "new-neighbourhood")

    # The admin's other page: importing area profiles.
    page.goto("/admin/profiles/")
    audit.check(page, "admin-profiles-import", screenshots=True)


def test_error_pages_pass_the_same_checks(page, audit, unique, lang, width):
    page.goto("/")
    choose_language(page, lang)
    response = page.goto("/neighbourhoods/bestaat-niet/")
    assert response.status == 404
    audit.check(page, "error-404", screenshots=True)

    register(page, new_person(unique))
    choose_language(page, lang)
    response = page.goto("/admin/places/")
    assert response.status == 403
    audit.check(page, "error-403")
