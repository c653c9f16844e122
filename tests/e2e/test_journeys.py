"""Journeys through the platform in a real browser, in Dutch and English.

Each page a journey reaches is checked by `check` (axe WCAG 2.1 AA, HTML validity). A new
feature adds its journey here in a few lines: goto, check, act, check.
"""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime

import pyotp
import pytest

from tests.e2e.checks import PAGE_WEIGHT_BUDGET
from tests.e2e.conftest import E2E_TOTP_SECRET

pytestmark = pytest.mark.e2e

DEMO_ADMIN = ("beheer@lindenhoven.example", "demo-beheer-2026")
DEMO_RESIDENT = ("fatima@lindenhoven.example", "demo-bewoner-2026")

PUBLIC_PAGES = [
    ("home", "/"),
    ("neighbourhoods", "/neighbourhoods/"),
    ("neighbourhood", "/neighbourhoods/oude-haven/"),
    ("privacy", "/privacy"),
    ("accessibility", "/toegankelijkheid"),
    ("login", "/account/login"),
    ("register", "/account/register"),
    ("not-found", "/bestaat-niet"),
    ("contributions", "/neighbourhoods/oude-haven/contributions/"),
    ("contributions-search", "/neighbourhoods/oude-haven/contributions/?q=ouderen&sort=top"),
    ("municipality-contributions", "/municipalities/GM9901/contributions/?kind=resource"),
    ("contribution", "/contributions/1"),
]


def choose_language(page, check, lang: str) -> None:
    page.goto(check.url("/"))
    if page.get_attribute("html", "lang") != lang:
        page.locator(f'.language-switch button[lang="{lang}"]').click()
    assert page.get_attribute("html", "lang") == lang


_last_totp_step = [0]


def _fresh_totp_code() -> str:
    """A code the server accepts once: each login uses a later 30-second step than the last
    (the server allows one step either side of now), waiting when all three are used."""
    totp = pyotp.TOTP(E2E_TOTP_SECRET)
    while True:
        current = totp.timecode(datetime.now(UTC))
        step = max(current - 1, _last_totp_step[0] + 1)
        if step <= current + 1:
            _last_totp_step[0] = step
            return totp.generate_otp(step)
        time.sleep(1)


def log_in(page, check, email: str, password: str) -> None:
    page.goto(check.url("/account/login"))
    page.fill("#email", email)
    page.fill("#password", password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    if "/account/login/code" in page.url:
        check(page, "login-code")
        page.fill("#code", _fresh_totp_code())
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/$"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_public_pages_pass_axe_and_the_html_checker(page, check, lang):
    choose_language(page, check, lang)
    for name, path in PUBLIC_PAGES:
        page.goto(check.url(path))
        assert page.get_attribute("html", "lang") == lang
        check(page, f"{name}-{lang}", screenshot=(lang == "nl"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resident_registers_after_fixing_mistakes(page, check, lang):
    choose_language(page, check, lang)
    page.goto(check.url("/account/register"))
    page.fill("#email", "niet-een-adres")
    page.fill("#display_name", "Noor")
    page.locator("main form button[type=submit]").click()

    # Errors beside the fields, the summary has focus, what was typed is kept.
    assert page.locator("#error-summary").is_visible()
    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert page.input_value("#email") == "niet-een-adres"
    assert page.input_value("#display_name") == "Noor"
    assert page.get_attribute("#email", "aria-invalid") == "true"
    check(page, f"register-errors-{lang}", screenshot=(lang == "nl"))

    page.fill("#email", f"noor-{lang}@example.nl")
    page.select_option("#neighbourhood_id", label="Oude Haven (Lindenhoven)")
    page.fill("#password", "zonnige middag aan zee")
    page.fill("#password_confirm", "zonnige middag aan zee")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/$"))
    assert "Noor" in page.inner_text("main")
    check(page, f"account-{lang}", screenshot=(lang == "nl"))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resident_logs_in_changes_password_and_logs_out(page, check, lang):
    choose_language(page, check, lang)
    page.goto(check.url("/account/register"))
    email = f"wachtwoord-{lang}@example.nl"
    page.fill("#email", email)
    page.fill("#display_name", "Sam")
    page.select_option("#neighbourhood_id", label="De Akkers (Lindenhoven)")
    page.fill("#password", "eerste lange zin")
    page.fill("#password_confirm", "eerste lange zin")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/$"))

    for path in ("/account/data", "/account/email", "/account/contributions"):
        page.goto(check.url(path))
        check(page, f"{path.strip('/').replace('/', '-')}-{lang}")
    page.goto(check.url("/account/password"))
    check(page, f"password-{lang}")
    page.fill("#current_password", "niet goed")
    page.fill("#new_password", "tweede lange zin")
    page.fill("#new_password_confirm", "tweede lange zin")
    page.locator("main form button[type=submit]").click()
    assert page.get_attribute("#current_password", "aria-invalid") == "true"
    check(page, f"password-errors-{lang}")

    page.fill("#current_password", "eerste lange zin")
    page.fill("#new_password", "tweede lange zin")
    page.fill("#new_password_confirm", "tweede lange zin")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/account/$"))

    page.locator("header form[action$='/account/logout'] button").click()
    page.wait_for_url(re.compile(r"/$"))
    check(page, f"logged-out-{lang}")
    log_in(page, check, email, "tweede lange zin")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_admin_adds_a_municipality_and_a_neighbourhood(page, check, lang):
    choose_language(page, check, lang)
    log_in(page, check, *DEMO_ADMIN)
    page.goto(check.url("/admin/places/"))
    check(page, f"places-admin-{lang}", screenshot=(lang == "nl"))

    page.fill("#municipality-name", f"Gemeente {lang}")
    page.fill("#municipality-cbs_code", "1234")
    page.locator("form[action$='/municipalities'] button[type=submit]").click()
    assert page.get_attribute("#municipality-cbs_code", "aria-invalid") == "true"
    check(page, f"places-admin-errors-{lang}")

    code = "GM9911" if lang == "nl" else "GM9912"
    page.fill("#municipality-cbs_code", code)
    page.locator("form[action$='/municipalities'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/places/$"))
    page.select_option("#neighbourhood-municipality_id", label=f"Gemeente {lang} ({code})")
    page.fill("#neighbourhood-name", f"Nieuwe Wijk {lang}")
    page.locator("form[action$='/neighbourhoods'] button[type=submit]").click()
    page.wait_for_url(re.compile(r"/admin/places/$"))
    page.goto(check.url(f"/neighbourhoods/nieuwe-wijk-{lang}/"))
    assert f"Nieuwe Wijk {lang}" in page.inner_text("h1")

    page.goto(check.url("/admin/profiles/"))
    check(page, f"profiles-import-{lang}")


def test_core_journey_without_javascript(browser, check):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 800})
    page = context.new_page()
    try:
        page.goto(check.url("/account/register"))
        page.locator("main form button[type=submit]").click()
        assert page.locator("#error-summary").is_visible()
        page.fill("#email", "zonder-js@example.nl")
        page.fill("#display_name", "Zonder JS")
        page.select_option("#neighbourhood_id", label="Molenwijk (Lindenhoven)")
        page.fill("#password", "geen javascript nodig")
        page.fill("#password_confirm", "geen javascript nodig")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/account/$"))
        page.locator('.language-switch button[lang="en"]').click()
        assert page.get_attribute("html", "lang") == "en"
        page.goto(check.url("/neighbourhoods/"))
        page.get_by_role("link", name="Molenwijk").click()
        assert "Molenwijk" in page.inner_text("h1")
        page.locator("header form[action$='/account/logout'] button").click()
        page.wait_for_url(re.compile(r"/$"))
    finally:
        context.close()


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const style = getComputedStyle(el);
            const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
            const shadow = style.boxShadow && style.boxShadow !== 'none';
            return outline || shadow;
        }"""
    )


def test_keyboard_only_journey(page, check):
    page.goto(check.url("/"))
    page.keyboard.press("Tab")
    # The skip link comes first, is visible when focused, and moves focus to the content.
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#main"
    assert page.locator("a[href='#main']").is_visible()
    assert _focus_is_visible(page)
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    # Every focusable element shows where the focus is, and tabbing never gets stuck.
    seen = []
    for _ in range(40):
        page.keyboard.press("Tab")
        handle = page.evaluate("document.activeElement.outerHTML.slice(0, 80)")
        if handle.startswith("<body"):
            break
        assert _focus_is_visible(page), handle
        seen.append(handle)
    assert len(set(seen)) > 5, "focus moved through the page"

    # Log in with the keyboard alone.
    page.goto(check.url("/account/login"))
    page.focus("#email")
    page.keyboard.type(DEMO_RESIDENT[0])
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_RESIDENT[1])
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/account/$"))
    # The language switch works with Space as well as Enter.
    page.focus('.language-switch button[lang="en"]')
    with page.expect_navigation():
        page.keyboard.press("Space")
    assert page.get_attribute("html", "lang") == "en"


def test_heaviest_page_stays_under_the_weight_budget(browser, check):
    heaviest = 0
    for name, path in [*PUBLIC_PAGES, ("api-doc", "/api/v1/openapi.json")]:
        context = browser.new_context()  # empty cache: everything is transferred
        page = context.new_page()
        weight = check.weigh(page, path, name)
        context.close()
        heaviest = max(heaviest, weight)
    report = "\n".join(f"{name:<16} {size / 1024:7.1f} kB" for name, size in check.weights.items())
    check.artifacts.mkdir(parents=True, exist_ok=True)
    (check.artifacts / "page-weights.txt").write_text(report + "\n", encoding="utf-8")
    assert heaviest < PAGE_WEIGHT_BUDGET, report


# --- contributions ---------------------------------------------------------------------


def _contribution_id(page) -> str:
    return re.search(r"/contributions/(\d+)", page.url).group(1)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resident_posts_each_kind_supports_and_discusses(page, check, lang):
    choose_language(page, check, lang)
    log_in(page, check, *DEMO_RESIDENT)
    page.goto(check.url("/neighbourhoods/oude-haven/contributions/"))
    check(page, f"contribution-list-{lang}", screenshot=(lang == "nl"))

    for kind in ("issue", "resource", "potential"):
        page.goto(check.url(f"/contributions/new?neighbourhood=oude-haven&kind={kind}"))
        check(page, f"new-{kind}-{lang}", screenshot=(lang == "nl" and kind == "issue"))
        # Typing a title asks for similar contributions (htmx, debounced): check the swap.
        with page.expect_response(re.compile(r"/contributions/similar")):
            page.locator("#title").type("Eenzaamheid bij ouderen", delay=20)
        page.wait_for_timeout(200)
        check(page, f"new-{kind}-suggestions-{lang}")

        page.fill("#title", f"{kind} {lang}: een plek om samen te eten")
        page.fill("#body", "Veel **ouderen** eten alleen. Een gezamenlijke maaltijd helpt.")
        page.locator("#categories input[type=checkbox]").first.check()
        if kind == "resource":
            page.locator("details.coordinates summary").click()
            page.fill("#latitude", "52.2195")
            page.fill("#longitude", "5.2680")
        page.locator("main form button[value=preview]").click()
        check(page, f"preview-{kind}-{lang}")
        page.locator("main form button[value=publish]").click()
        page.wait_for_url(re.compile(r"/contributions/\d+$"))
        check(page, f"contribution-{kind}-{lang}", screenshot=(lang == "nl" and kind == "issue"))

    # The resource with coordinates appears on the social map of the neighbourhood page.
    contribution_page = page.url
    page.goto(check.url("/neighbourhoods/oude-haven/"))
    page.wait_for_selector("#social-map-canvas .leaflet-interactive, #social-map-canvas path")
    assert page.locator("#social-map-canvas").is_visible()
    check(page, f"neighbourhood-with-map-{lang}", screenshot=(lang == "nl"))
    page.goto(contribution_page)

    # Support updates in place (htmx), without a page load.
    contribution_id = _contribution_id(page)
    votes = page.locator(f"#contribution-{contribution_id}-votes")
    url_before = page.url
    votes.locator("button").click()
    page.wait_for_selector(f"#contribution-{contribution_id}-votes button[aria-pressed=true]")
    assert page.url == url_before
    assert votes.locator("strong").inner_text() == "1"
    check(page, f"supported-{lang}")

    # A comment with a stance, then a reply, both swapped in by htmx.
    page.fill("#comments textarea[name=body]", "Goed idee, ik help mee met koken.")
    page.locator("#comments input[type=radio][value=for]").check()
    page.locator("#comments form button[type=submit]").last.click()
    page.wait_for_selector("#comments .comment")
    check(page, f"commented-{lang}")
    page.locator("#comments details.reply summary").first.click()
    page.locator("#comments details.reply textarea").first.fill("Dank je, ik neem contact op.")
    page.locator("#comments details.reply button[type=submit]").first.click()
    page.wait_for_selector("#comments .comment--reply")
    check(page, f"replied-{lang}")

    # An empty comment gets its error in place, and the page stays accessible.
    page.locator("#comments form button[type=submit]").last.click()
    page.wait_for_selector(
        "#comments [aria-invalid=true], #comments .utrecht-form-field-error-message"
    )
    check(page, f"comment-error-{lang}")


def test_support_without_javascript_reloads_the_page(browser, check):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, check, "henk@lindenhoven.example", "demo-bewoner-2026")
        page.goto(check.url("/neighbourhoods/de-akkers/contributions/?sort=new"))
        page.locator(".contribution-card h3 a").first.click()
        page.wait_for_url(re.compile(r"/contributions/\d+"))
        contribution_id = _contribution_id(page)
        votes = page.locator(f"#contribution-{contribution_id}-votes")
        before = int(votes.locator("strong").inner_text())
        pressed = votes.locator("button").get_attribute("aria-pressed")
        with page.expect_navigation():
            votes.locator("button").click()
        after = int(page.locator(f"#contribution-{contribution_id}-votes strong").inner_text())
        assert after == before + (1 if pressed == "false" else -1)
    finally:
        context.close()
