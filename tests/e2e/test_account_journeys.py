"""A resident registers, logs in and out, changes language and password, in Dutch and
English, with axe and the HTML checker on every page and after every form error."""

from __future__ import annotations

from tests.e2e.steps import (
    choose_language,
    error_summary_links,
    html_lang,
    is_logged_in,
    log_in,
    log_out,
    new_person,
    path,
    register,
    submit,
)

LANGUAGES = ["nl", "en"]


def test_resident_registers_after_fixing_bad_input(page, audit, unique, lang, width):
    person = new_person(unique)
    page.goto("/")
    choose_language(page, lang)
    audit.check(page, "home", screenshots=True)

    page.locator('header a[href="/account/register"]').click()
    assert page.locator('main form a[href="/privacy"]').count() == 1, "privacy link is a link"
    audit.check(page, "register", screenshots=True)

    # Bad input: an address without @, a short password, a second password that differs,
    # no neighbourhood chosen.
    page.fill("#email", "fatima-at-example.nl")
    page.fill("#display_name", person.display_name)
    page.fill("#password", "kort")
    page.fill("#password_confirm", "anders")
    submit(page, "/account/register")

    assert page.url.endswith("/account/register")
    assert not is_logged_in(page)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    links = error_summary_links(page)
    assert {"#email", "#neighbourhood_id", "#password"} <= set(links)
    for field in ("email", "neighbourhood_id", "password"):
        control = page.locator(f"#{field}")
        assert control.get_attribute("aria-invalid") == "true"
        assert f"{field}-error" in control.get_attribute("aria-describedby")
        assert page.locator(f"#{field}-error").is_visible()
    # What the resident typed is still there (passwords are never sent back).
    assert page.input_value("#email") == "fatima-at-example.nl"
    assert page.input_value("#display_name") == person.display_name
    assert html_lang(page) == lang
    audit.check(page, "register-errors", screenshots=True)

    # A link in the summary brings the resident to the field.
    page.locator('#error-summary a[href="#email"]').click()
    assert page.evaluate("document.activeElement.id") == "email"

    page.fill("#email", person.email)
    page.select_option("#neighbourhood_id", label="Oude Haven (Lindenhoven)")
    page.fill("#password", person.password)
    page.fill("#password_confirm", person.password)
    submit(page, "/account/register")

    assert page.url.endswith("/account/")
    assert is_logged_in(page)
    assert page.locator(".flash-region .utrecht-alert--ok").is_visible()
    assert person.display_name in page.locator("main").inner_text()
    assert page.locator('main a[href="/neighbourhoods/oude-haven/"]').count() == 1
    assert html_lang(page) == lang
    audit.check(page, "account", screenshots=True)


def test_resident_logs_in_after_a_wrong_password_and_logs_out(page, audit, unique, lang, width):
    person = new_person(unique)
    register(page, person)
    log_out(page)
    choose_language(page, lang)
    audit.check(page, "home-logged-out")

    page.locator('header a[href="/account/login"]').click()
    audit.check(page, "login", screenshots=True)
    page.fill("#email", person.email)
    page.fill("#password", "niet het goede wachtwoord")
    submit(page, "/account/login")
    assert not is_logged_in(page)
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#password").get_attribute("aria-invalid") == "true"
    assert page.input_value("#email") == person.email
    audit.check(page, "login-errors")

    page.fill("#password", person.password)
    submit(page, "/account/login")
    assert page.url.endswith("/account/")
    assert is_logged_in(page)
    assert html_lang(page) == lang
    audit.check(page, "account-after-login")

    # Log out through the confirmation page as well as through the header button.
    page.goto("/account/logout")
    audit.check(page, "logout-confirm")
    submit(page, "/account/logout")
    assert not is_logged_in(page)
    assert path(page) == "/"
    audit.check(page, "home-after-logout")


def test_language_switch_keeps_the_page_and_the_choice(page, audit):
    page.goto("/neighbourhoods/oude-haven/")
    assert html_lang(page) == "nl"
    switch = page.locator(".language-switch button")
    assert switch.count() == 1
    assert switch.get_attribute("lang") == "en"

    choose_language(page, "en")
    assert page.url.endswith("/neighbourhoods/oude-haven/")
    audit.check(page, "neighbourhood-after-switch")
    page.locator('header a[href="/neighbourhoods/"]').click()
    assert html_lang(page) == "en", "the choice holds on the next page"
    assert page.locator(".language-switch button").get_attribute("lang") == "nl"

    choose_language(page, "nl")
    assert page.url.endswith("/neighbourhoods/")
    audit.check(page, "neighbourhoods-after-switch")


def test_account_language_is_remembered_at_the_next_login(page, new_context, unique):
    person = new_person(unique)
    register(page, person)
    page.select_option("#locale", "en")
    submit(page, "/account/language")
    assert html_lang(page) == "en"

    other_device = new_context().new_page()
    log_in(other_device, person.email, person.password)
    assert html_lang(other_device) == "en"


def test_resident_changes_password(page, audit, unique, lang, width):
    person = new_person(unique)
    register(page, person)
    choose_language(page, lang)
    for account_page in ("/account/data", "/account/email", "/account/contributions"):
        page.goto(account_page)
        audit.check(page, account_page.strip("/").replace("/", "-"))
    page.goto("/account/")
    page.locator('main a[href="/account/password"]').click()
    audit.check(page, "password-change", screenshots=True)

    page.fill("#current_password", "dit is niet mijn wachtwoord")
    page.fill("#new_password", "nieuw wachtwoord voor de wijk")
    page.fill("#new_password_confirm", "nieuw wachtwoord voor de wijk")
    submit(page, "/account/password")
    assert page.url.endswith("/account/password")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.locator("#current_password").get_attribute("aria-invalid") == "true"
    assert page.locator("#current_password-error").is_visible()
    audit.check(page, "password-change-errors")

    page.fill("#current_password", person.password)
    page.fill("#new_password", "nieuw wachtwoord voor de wijk")
    page.fill("#new_password_confirm", "nieuw wachtwoord voor de wijk")
    submit(page, "/account/password")
    assert page.url.endswith("/account/")
    assert page.locator(".flash-region .utrecht-alert--ok").is_visible()

    log_out(page)
    page.goto("/account/login")
    page.fill("#email", person.email)
    page.fill("#password", person.password)
    submit(page, "/account/login")
    assert not is_logged_in(page), "the old password no longer works"
    log_in(page, person.email, "nieuw wachtwoord voor de wijk")
