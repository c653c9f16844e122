"""A resident reports a contribution; the neighbourhood worker finds it in the queue, hides it
with a reason, shows it again and reads the log. In Dutch and English, with axe and the HTML
checker on every page and after every form error."""

from __future__ import annotations

import re

from tests.e2e.steps import RESIDENT, choose_language, log_in, log_out, path
from wijkplatform.demo.people import PEOPLE

MODERATOR = next(person for person in PEOPLE if person["email"].startswith("wijkwerker"))


def test_report_then_moderate_hide_restore_and_read_the_log(page, audit, live_app, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/oude-haven/contributions/?sort=new")
    page.locator(".contribution-card h3 a").nth(1 if lang == "nl" else 2).click()
    page.wait_for_load_state("load")
    contribution = int(re.fullmatch(r"/contributions/(\d+)", path(page)).group(1))

    page.goto(f"/moderation/report/contribution/{contribution}")
    audit.check(page, "report")
    page.locator("main form button[type=submit]").click()  # no reason chosen
    page.wait_for_load_state("load")
    assert page.locator(".utrecht-form-field-error-message").count() >= 1
    audit.check(page, "report-errors")
    page.locator("main form input[type=radio]").first.check()
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert f"/contributions/{contribution}" in page.url or "/moderation/" not in path(page)
    log_out(page)

    log_in(page, MODERATOR["email"], MODERATOR["password"])
    choose_language(page, lang)
    page.goto("/moderation/oude-haven/")
    audit.check(page, "moderation-queue", screenshots=True)
    item = f"/moderation/oude-haven/contribution/{contribution}"
    page.goto(item)
    audit.check(page, "moderation-item", screenshots=True)

    hide = page.locator(f"form[action='{item}/hide']")
    hide.locator("button[type=submit]").click()  # a reason is required
    page.wait_for_load_state("load")
    audit.check(page, "moderation-hide-errors")
    page.locator(f"form[action='{item}/hide'] textarea").fill("Persoonlijke gegevens in de tekst.")
    page.locator(f"form[action='{item}/hide'] button[type=submit]").click()
    page.wait_for_load_state("load")
    audit.check(page, "moderation-hidden")

    page.locator(f"form[action='{item}/restore'] textarea").fill("Aangepast door de schrijver.")
    page.locator(f"form[action='{item}/restore'] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(f"form[action='{item}/hide']").count() == 1

    # Merging: the worker finds the contribution to keep with a search, not by its number.
    page.goto("/neighbourhoods/oude-haven/contributions/?sort=new")
    cards = page.locator(".contribution-card h3 a")
    other = next(
        card
        for card in (cards.nth(i) for i in range(cards.count()))
        if card.get_attribute("href") != f"/contributions/{contribution}"
    )
    other_id = other.get_attribute("href").rsplit("/", 1)[1]
    other_title = other.inner_text()
    page.goto(item)
    page.fill("#survivor-q", other_title)
    page.locator("#merge form[role=search] button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator(f"#merge .merge-candidates input[value='{other_id}']").count() == 1
    assert page.locator(f"#merge input[value='{contribution}']").count() == 0
    audit.check(page, "merge-search-results", screenshots=True)
    page.locator(f"form[action='{item}/merge'] button[type=submit]").click()  # nothing chosen
    page.wait_for_load_state("load")
    assert page.locator("#merge .utrecht-form-field-error-message").count() >= 1
    audit.check(page, "merge-errors")

    # The moderator's block screen for a resident of the neighbourhood (only looked at).
    with live_app.app_context():
        from wijkplatform.accounts.services import find_user_by_email
        from wijkplatform.extensions import db

        resident_id = find_user_by_email(RESIDENT["email"]).id
        db.session.remove()
    page.goto(f"/moderation/oude-haven/users/{resident_id}/block")
    assert page.locator("main form textarea").count() >= 1
    audit.check(page, "moderation-block-form")
    page.goto("/moderation/oude-haven/log")
    audit.check(page, "moderation-log")
    assert "Persoonlijke gegevens in de tekst." in page.inner_text("main")
