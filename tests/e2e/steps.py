"""Steps a person takes, written once for every journey: choose a language, register, log
in and out. They find things by URL, id, role and `lang`, never by Dutch text (the
translations are filled in separately)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlparse

import pyotp

from wijkplatform.demo.people import PEOPLE

ADMIN = next(person for person in PEOPLE if person["label"] == "admin")
RESIDENT = next(person for person in PEOPLE if person["email"].startswith("fatima"))
PASSWORD = "lange wandeling langs de haven"
ADMIN_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_last_totp_step = [0]


def fresh_totp_code(secret: str = ADMIN_TOTP_SECRET) -> str:
    """A code the server accepts once: each login uses a later 30-second step than the last
    (the server allows one step either side of now), waiting when all three are used."""
    totp = pyotp.TOTP(secret)
    while True:
        current = totp.timecode(datetime.now(UTC))
        step = max(current - 1, _last_totp_step[0] + 1)
        if step <= current + 1:
            _last_totp_step[0] = step
            return totp.generate_otp(step)
        time.sleep(1)


@dataclass
class Person:
    email: str
    display_name: str
    password: str = PASSWORD


def new_person(unique: str) -> Person:
    return Person(email=f"bewoner{unique}@example.nl", display_name=f"Buurtgenoot {unique}")


def path(page) -> str:
    return urlparse(page.url).path


def html_lang(page) -> str:
    return page.locator("html").get_attribute("lang")


def choose_language(page, code: str) -> None:
    """Use the language switch in the page header (a form post that returns to this page)."""
    if html_lang(page) == code:
        return
    page.locator(f".language-switch button[value={code}]").click()
    page.wait_for_load_state("load")
    assert html_lang(page) == code


def submit(page, form_action: str) -> None:
    page.locator(f'main form[action="{form_action}"] button[type=submit]').click()
    page.wait_for_load_state("load")


def fill_registration(
    page, person: Person, *, neighbourhood: str = "Oude Haven (Lindenhoven)"
) -> None:
    page.fill("#email", person.email)
    page.fill("#display_name", person.display_name)
    page.select_option("#neighbourhood_id", label=neighbourhood)
    page.fill("#password", person.password)
    page.fill("#password_confirm", person.password)


def register(page, person: Person) -> None:
    page.goto("/account/register")
    fill_registration(page, person)
    submit(page, "/account/register")
    assert page.url.endswith("/account/"), page.url


def log_in(page, email: str, password: str) -> None:
    page.goto("/account/login")
    page.fill("#email", email)
    page.fill("#password", password)
    submit(page, "/account/login")
    if path(page) == "/account/login/code":  # second step for admins: a TOTP code
        page.fill("#code", fresh_totp_code())
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state("load")
    assert page.url.endswith("/account/"), page.url


def log_out(page) -> None:
    page.locator('header form[action="/account/logout"] button').click()
    page.wait_for_load_state("load")
    assert page.locator('header a[href="/account/login"]').count() == 1


def is_logged_in(page) -> bool:
    return page.locator('header form[action="/account/logout"]').count() == 1


def error_summary_links(page) -> list[str]:
    return page.locator("#error-summary a").evaluate_all("links => links.map(a => a.hash)")
