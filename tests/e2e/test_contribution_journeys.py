"""A resident posts each kind of contribution, supports one and reacts, in Dutch and English;
axe and the HTML checker run on every page, after every form error and after every htmx swap."""

from __future__ import annotations

import re

import pytest

from tests.e2e.steps import RESIDENT, choose_language, log_in, path

KINDS = ["issue", "resource", "potential"]


def post_contribution(page, audit, kind: str, title: str, *, check: bool) -> int:
    page.goto(f"/contributions/new?neighbourhood=oude-haven&kind={kind}")
    if check:
        audit.check(page, "contribution-new", screenshots=True)
        # Nothing filled in: errors beside the fields, the summary takes the focus.
        page.fill("#title", "")
        page.locator('main form[action="/contributions/new"] button[type=submit]').first.click()
        page.wait_for_load_state("load")
        assert page.evaluate("document.activeElement.id") == "error-summary"
        assert page.locator("#title").get_attribute("aria-invalid") == "true"
        audit.check(page, "contribution-new-errors")
    page.locator(f"input[name=kind][value={kind}]").check()
    page.fill("#title", title)
    page.fill("#body", "Op woensdagmiddag is er *niets* te doen voor kinderen in de buurt.")
    page.locator("input[name=categories]").first.check()
    # Step 1: preview (the way without JavaScript too); step 2: publish.
    page.locator('main form[action="/contributions/new"] button[value=preview]').click()
    page.wait_for_load_state("load")
    if check:
        audit.check(page, "contribution-preview")
    page.locator('main form[action="/contributions/new"] button[value=publish]').click()
    page.wait_for_load_state("load")
    match = re.fullmatch(r"/contributions/(\d+)", path(page))
    assert match, page.url
    assert page.locator("h1").inner_text() == title
    return int(match.group(1))


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_resident_posts_supports_and_reacts(page, audit, unique, lang):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    ids = {
        kind: post_contribution(page, audit, kind, f"Speelplek {kind} {unique}", check=i == 0)
        for i, kind in enumerate(KINDS)
    }
    audit.check(page, "contribution-detail", screenshots=True)

    # Support: htmx swaps the votes block in place (no page load), then axe runs again.
    contribution = ids["issue"]
    page.goto(f"/contributions/{contribution}")
    votes = page.locator(f"#contribution-{contribution}-votes")
    button = votes.locator("button[type=submit]")
    assert button.get_attribute("aria-pressed") == "false"
    url_before = page.url
    with page.expect_response(lambda r: r.url.endswith(f"/contributions/{contribution}/support")):
        button.click()
    page.wait_for_function(
        "id => document.querySelector(`#contribution-${id}-votes button`)"
        "?.getAttribute('aria-pressed') === 'true'",
        arg=contribution,
    )
    assert page.url == url_before, "supporting does not leave the page"
    assert votes.locator(".votes__count strong").inner_text() == "1"
    audit.check(page, "contribution-supported")

    # React: the comments block is swapped in place as well.
    page.fill("#comments textarea", "Goed punt, dit zien wij ook op het plein.")
    stance = page.locator("#comments input[name=stance]")
    if stance.count():
        stance.first.check()
    with page.expect_response(lambda r: r.url.endswith(f"/contributions/{contribution}/comments")):
        page.locator("#comments form button[type=submit]").click()
    page.locator("#comments .comment-list").wait_for()
    assert "Goed punt" in page.locator("#comments").inner_text()
    audit.check(page, "contribution-commented")

    # The neighbourhood's list, newest first, shows all three.
    page.goto("/neighbourhoods/oude-haven/contributions/?sort=new")
    for kind in KINDS:
        assert page.locator(f'main a[href="/contributions/{ids[kind]}"]').count() >= 1
    audit.check(page, "contribution-list", screenshots=True)
