"""Fatima (demo) reads her notifications, marks a group read and sees the header count go
down, opens the trail of her contribution in "my input" and chooses her e-mails. In Dutch
and English, with axe and the HTML checker on every page."""

from __future__ import annotations

from tests.e2e.steps import RESIDENT, choose_language, log_in


def _unread(page) -> int:
    badge = page.locator("#notifications-link .count-badge")
    if badge.count() == 0:
        return 0
    return int(badge.inner_text().split()[0])


def test_notifications_my_input_and_mail_choices(page, audit, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)

    page.locator("#notifications-link").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/notifications/")
    audit.check(page, "notifications", screenshots=True)
    before = _unread(page)
    assert before > 0
    page.locator("main .notification-group form button[type=submit]").first.click()
    page.wait_for_load_state("load")
    assert _unread(page) < before
    audit.check(page, "notifications-after-read")

    page.goto("/account/contributions")
    trail = page.locator(".my-input__trail").last  # her first contribution, the longest trail
    trail.locator("summary").click()
    assert trail.locator(".my-input__steps li").count() >= 3
    audit.check(page, "my-input-trail-open")

    page.goto("/notifications/settings")
    audit.check(page, "notification-settings")
    page.select_option("#comment_reply", "weekly")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.locator("#comment_reply").input_value() == "weekly"
