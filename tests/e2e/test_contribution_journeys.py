"""A resident posts each kind of contribution, supports one, reacts and replies, in Dutch
and English; axe and the HTML checker run on every page, after every form error and after
every htmx swap. Support also works without JavaScript."""

from __future__ import annotations

import re

from tests.e2e.harness import assert_htmx_result, clear_announcer
from tests.e2e.steps import RESIDENT, choose_language, log_in, path

KINDS = ["issue", "resource", "potential"]
HENK = ("henk@lindenhoven.example", "demo-bewoner-2026")


def contribution_id(page) -> int:
    match = re.fullmatch(r"/contributions/(\d+)", path(page))
    assert match, page.url
    return int(match.group(1))


def test_resident_posts_each_kind_supports_and_discusses(page, audit, unique, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/oude-haven/contributions/")
    audit.check(page, "contribution-list", screenshots=True)

    # Filtering the list updates it in place (htmx): the focus stays on the filter and the
    # number found is read out. (The address changes with it: reloaded, it is checked too.)
    if page.locator("#filter-more summary").is_visible():
        page.locator("#filter-more summary").click()
    page.locator("#filter-kind").focus()
    clear_announcer(page)
    page.select_option("#filter-kind", "resource")
    message = assert_htmx_result(page, "#filter-kind")
    assert message == page.locator("#contribution-results p[role=status]").inner_text()
    assert "kind=resource" in page.url
    page.locator("#filter-q").focus()
    clear_announcer(page)
    page.locator("#filter-q").press_sequentially("ouderen", delay=20)
    message = assert_htmx_result(page, "#filter-q")
    assert "ouderen" in message
    assert message == page.locator("#contribution-results p[role=status]").inner_text()
    page.reload()
    audit.check(page, "contribution-list-filtered")

    ids = {}
    for kind in KINDS:
        first = kind == "issue"
        page.goto(f"/contributions/new?neighbourhood=oude-haven&kind={kind}")
        audit.check(page, f"new-{kind}", screenshots=first)
        if first:
            # Nothing filled in: errors beside the fields, the summary takes the focus.
            page.locator("main form button[value=preview]").click()
            page.wait_for_load_state("load")
            assert page.evaluate("document.activeElement.id") == "error-summary"
            assert page.locator("#title").get_attribute("aria-invalid") == "true"
            audit.check(page, "new-errors")
        # Typing a title asks for similar contributions (htmx, debounced): the focus stays
        # in the title and the list below it is announced; check the swap.
        clear_announcer(page)
        with page.expect_response(re.compile(r"/contributions/similar")):
            page.locator("#title").press_sequentially("Eenzaamheid bij ouderen", delay=20)
        assert_htmx_result(page, "#title")
        assert page.locator("#similar-suggestions li").count() >= 1
        audit.check(page, f"new-{kind}-suggestions")

        title = f"Samen eten ({kind} {unique})"
        page.fill("#title", title)
        page.fill("#body", "Veel **ouderen** eten alleen. Een gezamenlijke maaltijd helpt.")
        page.locator("#categories input[type=checkbox]").first.check()
        if kind == "resource":
            page.locator("details.coordinates summary").click()
            page.fill("#latitude", "52.2195")
            page.fill("#longitude", "5.2680")
        # Step 1: preview (also the way without JavaScript); step 2: publish.
        page.locator("main form button[value=preview]").click()
        page.wait_for_load_state("load")
        audit.check(page, f"preview-{kind}")
        page.locator("main form button[value=publish]").click()
        page.wait_for_url(re.compile(r"/contributions/\d+$"))
        assert page.locator("h1").inner_text() == title
        ids[kind] = contribution_id(page)
        audit.check(page, f"contribution-{kind}", screenshots=first)

    # The resource with coordinates appears on the map of the neighbourhood page, as a
    # marker that is a link, and in the list beside it.
    page.goto("/neighbourhoods/oude-haven/")
    page.wait_for_selector(f"#contribution-map-canvas a[href='/contributions/{ids['resource']}']")
    assert page.locator(
        f"#contribution-map-list a[href='/contributions/{ids['resource']}']"
    ).count()
    audit.check(page, "neighbourhood-with-map", screenshots=True)

    # Support updates in place (htmx), without a page load; the focus stays on the button
    # and the result is read out.
    contribution = ids["potential"]
    page.goto(f"/contributions/{contribution}")
    votes = page.locator(f"#contribution-{contribution}-votes")
    assert votes.locator("button").get_attribute("aria-pressed") == "false"
    url_before = page.url
    clear_announcer(page)
    votes.locator("button").click()
    page.wait_for_selector(f"#contribution-{contribution}-votes button[aria-pressed=true]")
    assert_htmx_result(page, f"#contribution-{contribution}-votes button")
    assert page.url == url_before, "supporting does not leave the page"
    assert votes.locator("strong").inner_text() == "1"
    audit.check(page, "supported")

    # A comment with a stance, then a reply, both swapped in by htmx: the focus moves to
    # the new reaction, which is announced.
    page.fill("#comments textarea[name=body]", "Goed idee, ik help mee met koken.")
    page.locator("#comments input[type=radio][value=for]").check()
    clear_announcer(page)
    page.locator("#comments form button[type=submit]").last.click()
    page.wait_for_selector("#comments .comment")
    assert_htmx_result(page, "#comments .comment[id^=comment-]")
    assert "Goed idee" in page.evaluate("document.activeElement.innerText")
    audit.check(page, "commented")
    page.locator("#comments details.reply summary").first.click()
    page.locator("#comments details.reply textarea").first.fill("Dank je, ik neem contact op.")
    clear_announcer(page)
    page.locator("#comments details.reply button[type=submit]").first.click()
    page.wait_for_selector("#comments .comment--reply")
    assert_htmx_result(page, "#comments .comment--reply[id^=comment-]")
    assert "ik neem contact op" in page.evaluate("document.activeElement.innerText")
    audit.check(page, "replied")

    # An empty comment gets its error in place (a 422 for htmx), the focus goes to the
    # field, and the page stays accessible.
    page.locator("#comments form button[type=submit]").last.click()
    page.wait_for_selector(
        "#comments [aria-invalid=true], #comments .utrecht-form-field-error-message"
    )
    assert_htmx_result(page, "#comments [aria-invalid=true]", announced=False)
    audit.check(page, "comment-error")

    # The neighbourhood's list, newest first, shows all three; so do search and the
    # municipality's list.
    page.goto("/neighbourhoods/oude-haven/contributions/?sort=new")
    for kind in KINDS:
        assert page.locator(f'main a[href="/contributions/{ids[kind]}"]').count() >= 1
    audit.check(page, "contribution-list-new")
    page.goto("/neighbourhoods/oude-haven/contributions/?q=ouderen&sort=top")
    audit.check(page, "contribution-search")
    page.goto("/municipalities/GM9901/contributions/?kind=resource")
    audit.check(page, "municipality-contributions", screenshots=True)

    # The printable page of one contribution.
    page.goto(f"/contributions/{contribution}")
    page.locator(f'#share-links a[href="/contributions/{contribution}/print"]').click()
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == f"Samen eten (potential {unique})"
    audit.check(page, "contribution-print", screenshots=True)

    # Withdrawing asks first ("No, keep it" leaves it as it is), then withdraws.
    issue = ids["issue"]
    page.goto(f"/contributions/{issue}")
    page.locator(f'main a[href="/contributions/{issue}/withdraw"]').click()
    page.wait_for_load_state("load")
    assert path(page) == f"/contributions/{issue}/withdraw"
    audit.check(page, "withdraw-confirm", screenshots=True)
    page.locator(f'#withdraw-form a[href="/contributions/{issue}"]').click()
    page.wait_for_load_state("load")
    assert page.locator(f'main a[href="/contributions/{issue}/withdraw"]').count() == 1
    page.locator(f'main a[href="/contributions/{issue}/withdraw"]').click()
    page.wait_for_load_state("load")
    page.locator("#withdraw-form button[type=submit]").click()
    page.wait_for_load_state("load")
    assert path(page) == f"/contributions/{issue}"
    assert page.locator(f'main a[href="/contributions/{issue}/withdraw"]').count() == 0
    audit.check(page, "withdrawn")


def test_support_without_javascript_reloads_the_page(new_context, audit, lang, width):
    page = new_context(java_script_enabled=False).new_page()
    log_in(page, *HENK)
    choose_language(page, lang)
    page.goto("/neighbourhoods/de-akkers/contributions/?sort=new")
    page.locator(".contribution-card h3 a").first.click()
    page.wait_for_url(re.compile(r"/contributions/\d+"))
    contribution = contribution_id(page)
    votes = page.locator(f"#contribution-{contribution}-votes")
    before = int(votes.locator("strong").inner_text())
    pressed = votes.locator("button").get_attribute("aria-pressed")
    with page.expect_navigation():
        votes.locator("button").click()
    after = int(page.locator(f"#contribution-{contribution}-votes strong").inner_text())
    assert after == before + (1 if pressed == "false" else -1)
    audit.check(page, "nojs-contribution-supported", axe=False)
