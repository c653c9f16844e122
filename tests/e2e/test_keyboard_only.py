"""The core journey with the keyboard only: Tab, Shift+Tab, Enter, Space and arrow keys.
The skip link comes first, every focused element shows a visible indicator, and no page
traps the focus."""

from __future__ import annotations

from tests.e2e.harness import assert_no_keyboard_trap, focused, has_visible_focus, tab_to
from tests.e2e.steps import choose_language, html_lang, is_logged_in, new_person, path


def type_into(page, selector: str, text: str) -> None:
    tab_to(page, selector)
    page.keyboard.type(text)


def test_core_journey_with_the_keyboard_only(page, audit, unique, lang, width):
    person = new_person(unique)
    page.goto("/")

    # The first Tab lands on the skip link, visibly; Enter moves focus to the main content.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert skip["href"] == "#main"
    assert has_visible_focus(skip)
    assert page.locator(".utrecht-skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # The language switch is a button: Space presses it.
    if lang != "nl":
        page.goto("/")
        tab_to(page, f".language-switch button[value={lang}]")
        with page.expect_navigation():
            page.keyboard.press("Space")
        assert html_lang(page) == lang
    assert_no_keyboard_trap(page)

    page.goto("/")
    tab_to(page, 'header a[href="/account/register"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page) == "/account/register"
    assert_no_keyboard_trap(page)

    # First a mistake: submit the empty form with Enter; the error summary takes the focus.
    type_into(page, "#email", person.email)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    audit.check(page, "keyboard-register-errors")

    # From the summary, Tab reaches its links; Enter on one moves focus to that field.
    tab_to(page, '#error-summary a[href="#display_name"]')
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "display_name"
    page.keyboard.type(person.display_name)
    page.keyboard.press("Tab")
    # A select changes with the arrow keys without opening.
    assert page.evaluate("document.activeElement.id") == "neighbourhood_id"
    page.keyboard.press("ArrowDown")
    assert page.input_value("#neighbourhood_id") != "0"
    type_into(page, "#password", person.password)
    type_into(page, "#password_confirm", person.password)
    tab_to(page, 'main form[action="/account/register"] button[type=submit]')
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert path(page) == "/account/"
    assert is_logged_in(page)
    assert_no_keyboard_trap(page)

    # Browse to a neighbourhood.
    tab_to(page, 'header a[href="/neighbourhoods/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    tab_to(page, 'main a[href="/neighbourhoods/molenwijk/"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page) == "/neighbourhoods/molenwijk/"
    assert html_lang(page) == lang
    assert_no_keyboard_trap(page)

    # Log out with the header button (Enter on a button submits its form).
    tab_to(page, 'header form[action="/account/logout"] button')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert not is_logged_in(page)

    # Log in again, with the keyboard.
    tab_to(page, 'header a[href="/account/login"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    type_into(page, "#email", person.email)
    type_into(page, "#password", person.password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page) == "/account/"
    assert is_logged_in(page)


def test_shift_tab_walks_back_through_the_header(page):
    page.goto("/")
    tab_to(page, 'header a[href="/neighbourhoods/"]')
    page.keyboard.press("Shift+Tab")
    info = focused(page)
    assert has_visible_focus(info)
    assert info["text"] == "Wijkplatform"


def test_resident_reacts_to_an_opgave_with_the_keyboard_only(page, audit, lang, width):
    from tests.e2e.steps import RESIDENT, log_in

    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/oude-haven/")
    item = page.locator("#opgaven .opgave-list__item").filter(
        has=page.locator(".opgave-status--open_for_reactions")
    )
    opgave = item.first.locator("a").first.get_attribute("href")
    page.goto(opgave)
    tab_to(page, f'main a[href="{opgave}/react"]')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # A radio group: Tab reaches it (the chosen answer, when the resident reacted before in
    # another variant), the arrow keys move the choice, the focus stays visible.
    tab_to(page, "#whole-answer input[type=radio]")
    values = page.locator("#whole-answer input[type=radio]").evaluate_all(
        "radios => radios.map(radio => radio.value)"
    )
    start = values.index(page.evaluate("document.activeElement.value"))
    for step in (1, 2):
        page.keyboard.press("ArrowRight")
        expected = values[(start + step) % len(values)]
        assert page.locator(f"#whole-answer input[value='{expected}']").is_checked()
    if expected == "":  # a comment needs an answer: move on to the first one
        page.keyboard.press("ArrowRight")
        assert page.locator(f"#whole-answer input[value='{values[1]}']").is_checked()
    assert has_visible_focus(focused(page))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "whole-comment"
    page.keyboard.type("Met het toetsenbord gegeven.")
    assert_no_keyboard_trap(page)
    tab_to(page, "main form.reaction-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert path(page) == opgave
    assert page.locator("#result-whole").count() == 1
    audit.check(page, "keyboard-opgave-reacted")
