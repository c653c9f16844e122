"""The everyday experience (issue 20), walked at 360 and 1280 px in Dutch and English:
the official answer reads as one block, and a resident finds one way to post."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from tests.e2e.harness import (
    assert_htmx_result,
    assert_no_squeezed_text,
    clear_announcer,
    tab_to,
    wait_until,
)
from tests.e2e.steps import RESIDENT, choose_language, log_in, path


@pytest.fixture(scope="module")
def answered_id(live_app):
    from wijkplatform.contributions.models import Contribution
    from wijkplatform.extensions import db

    with live_app.app_context():
        key = "demo-oude-haven-issue-0"
        contribution_id = db.session.scalar(
            select(Contribution.id).where(Contribution.submission_key == key)
        )
        db.session.remove()
    return contribution_id


def test_official_answer_is_one_readable_block_on_a_phone_and_wide(
    page, audit, answered_id, lang, width
):
    page.goto(f"/contributions/{answered_id}")
    choose_language(page, lang)
    box = page.locator(".official-answer")
    heading = box.locator("h2")
    for width in (360, 1280):
        page.set_viewport_size({"width": width, "height": 800})
        # Heading, status line and answer sit one under the other, each as wide as the box.
        heading_box = heading.bounding_box()
        body_box = box.locator(".official-answer__body").bounding_box()
        assert body_box["y"] > heading_box["y"] + heading_box["height"] - 1
        assert heading.evaluate("h => h.getClientRects().length") == 1
        assert heading_box["width"] > box.bounding_box()["width"] * 0.8
        assert_no_squeezed_text(page, f"official answer at {width} px")
    audit.check(page, "official-answer", screenshots=True)


def test_resident_finds_one_way_to_share_and_a_short_list_on_a_phone(page, audit, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    # From the account page, one button leads to the form of the resident's own neighbourhood.
    share = page.locator("main #share-own a")
    assert share.count() == 1
    audit.check(page, "account-with-share", screenshots=True)
    share.click()
    page.wait_for_load_state("load")
    assert "/contributions/new?neighbourhood=" in page.url
    assert page.locator("#kind .kind-icon").count() == 3
    audit.check(page, "share-form", screenshots=True)

    page.goto("/neighbourhoods/oude-haven/contributions/")
    more = page.locator("#filter-more")
    kind = page.locator("#filter-kind")
    page.set_viewport_size({"width": 360, "height": 800})
    assert not kind.is_visible(), "the filters fold away on a phone"
    first_card = page.locator(".contribution-card").first
    assert first_card.bounding_box()["y"] < 800, "the first contribution starts on the first screen"
    assert first_card.locator(".contribution-card__snippet").count() == 1
    more.locator("summary").click()
    assert kind.is_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.reload()
    assert page.locator("#filter-kind").is_visible(), "wide screens show the filters at once"
    assert not page.locator("#filter-more summary").is_visible()
    audit.check(page, "list-with-folded-filters", screenshots=True)


def test_keyboard_users_keep_their_place_after_htmx_actions(page, audit, lang, width):
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/neighbourhoods/de-akkers/contributions/?sort=new")
    page.locator(".contribution-card h3 a").first.click()
    page.wait_for_load_state("load")
    contribution = int(page.url.rsplit("/", 1)[1])
    votes = f"#contribution-{contribution}-votes"

    # Support with the keyboard: focus stays on the (new) button, the result is read out.
    tab_to(page, f"{votes} button")
    pressed = page.locator(f"{votes} button").get_attribute("aria-pressed")
    clear_announcer(page)
    page.keyboard.press("Enter")
    page.wait_for_selector(
        f"{votes} button[aria-pressed={'false' if pressed == 'true' else 'true'}]"
    )
    assert_htmx_result(page, f"{votes} button")

    # Follow: the same.
    follow = f"#contribution-{contribution}-follow"
    tab_to(page, f"{follow} button")
    clear_announcer(page)
    page.keyboard.press("Enter")
    assert_htmx_result(page, f"{follow} button")

    # A reaction: focus moves to the new reaction, and it is announced.
    page.locator("#comments textarea[name=body]").last.fill("Met het toetsenbord geplaatst.")
    page.locator("#comments input[type=radio][value=for]").last.check()
    page.locator("#comments form button[type=submit]").last.focus()
    clear_announcer(page)
    page.keyboard.press("Enter")
    assert_htmx_result(page, "[id^=comment-]")
    assert "Met het toetsenbord geplaatst." in page.evaluate("document.activeElement.innerText")
    audit.check(page, f"kept-place-{width}")


def test_publish_is_a_few_tab_stops_from_the_preview(page, audit, lang, width):
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/contributions/new?neighbourhood=oude-haven&kind=issue")
    page.fill("#title", "Een bankje bij de bushalte")
    page.fill("#body", "Oudere buren moeten lang staan.")
    page.locator("#categories input[type=checkbox]").first.check()
    page.locator("main form button[value=preview]").click()
    page.wait_for_load_state("load")
    page.locator("main").focus()
    stops = 0
    while not page.evaluate("document.activeElement.id === 'publish-from-preview'"):
        page.keyboard.press("Tab")
        stops += 1
        assert stops <= 8, "Publish is too many Tab stops away from the preview"
    audit.check(page, "preview-publish-near", screenshots=True)
    # A key press does not wait for the navigation it starts (a click does): wait for the
    # contribution's own address, or the old page's heading is read on a fast machine.
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/contributions/\d+$"))
    assert page.locator("h1").inner_text() == "Een bankje bij de bushalte"


def test_worker_inbox_and_log_read_well_on_a_phone(page, audit, lang, width):
    from wijkplatform.demo.people import PEOPLE

    worker = next(person for person in PEOPLE if person["email"].startswith("wijkwerker"))
    log_in(page, worker["email"], worker["password"])
    choose_language(page, lang)
    link = page.locator("#worker-inbox-link")
    assert link.count() == 1
    count = int(link.locator(".count-badge").inner_text())
    link.click()
    page.wait_for_load_state("load")
    # The demo leaves new contributions waiting: the inbox has rows, as many as the header
    # says (up to a page of them), the oldest first.
    from wijkplatform.moderation.queries import INBOX_PAGE_SIZE

    rows = page.locator("#inbox .inbox-item")
    assert rows.count() >= 1, "the demo's inbox is empty"
    assert rows.count() == min(count, INBOX_PAGE_SIZE)
    assert str(count) in page.locator("#inbox-count").inner_text()
    posted = rows.locator("time").evaluate_all("times => times.map(t => t.dateTime)")
    assert len(posted) == rows.count()
    assert posted == sorted(posted), "the inbox lists the oldest first"
    audit.check(page, "worker-inbox", screenshots=True)
    slug = page.url.rstrip("/").split("/")[-2]
    page.goto(f"/moderation/{slug}/log")
    audit.check(page, "moderation-log", screenshots=True)  # layout check at 360 px too

    # The design system's checkbox is as large as the radio buttons beside it.
    page.goto(f"/contributions/new?neighbourhood={slug}")
    page.set_viewport_size({"width": 360, "height": 800})
    box = page.locator("#categories input[type=checkbox]").first.bounding_box()
    radio = page.locator("#kind input[type=radio]").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert abs(box["width"] - radio["width"]) <= 2


def test_resident_places_a_pin_inside_the_neighbourhood(page, audit, lang, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/contributions/new?neighbourhood=oude-haven&kind=resource")
    picker = page.locator("#place-picker")
    page.wait_for_selector("#place-picker .leaflet-interactive")
    assert picker.is_visible()
    page.locator("#place-picker .place-picker__canvas").scroll_into_view_if_needed()
    outline = page.locator("#place-picker path.leaflet-interactive").first.bounding_box()
    # The middle of the outline is inside: the pin is placed and the fields are filled in.
    page.mouse.click(outline["x"] + outline["width"] / 2, outline["y"] + outline["height"] / 2)
    wait_until(page, "document.getElementById('latitude').value !== ''")
    latitude = float(page.input_value("#latitude"))
    longitude = float(page.input_value("#longitude"))
    assert 52.214 < latitude < 52.224 and 5.260 < longitude < 5.276
    assert page.locator("details.coordinates").get_attribute("open") is not None
    # A corner of the map outside the outline is refused with a message; the pin stays.
    canvas = page.locator("#place-picker .place-picker__canvas").bounding_box()
    page.mouse.click(canvas["x"] + 3, canvas["y"] + canvas["height"] - 3)
    wait_until(page, "document.getElementById('place-picker-message').textContent.length > 0")
    assert float(page.input_value("#latitude")) == latitude
    audit.check(page, f"place-picker-{width}")


def test_neighbourhood_map_has_keyboard_markers_and_the_list_beside_it(
    page, new_context, audit, lang, width
):
    page.goto("/neighbourhoods/oude-haven/")
    choose_language(page, lang)
    listed = page.locator("#contribution-map-list a")
    assert listed.count() >= 3
    page.wait_for_selector("#contribution-map-canvas a.contribution-map__marker")
    page.wait_for_selector("#contribution-map-canvas svg path")  # the boundary
    markers = page.locator("#contribution-map-canvas a.contribution-map__marker")
    hrefs = "links => links.map(a => a.getAttribute('href')).sort()"
    assert markers.evaluate_all(hrefs) == listed.evaluate_all(hrefs), "one marker per item"
    # Each kind in the legend and in each marker's name is a word, not only a colour.
    legend = page.locator(".contribution-map__legend li")
    assert legend.count() >= 2
    assert all(text.strip() for text in legend.all_inner_texts())
    assert "(" in markers.first.inner_text()
    if width == 360:  # the list comes below the map on a phone, beside it on a wide screen
        assert listed.first.bounding_box()["y"] > markers.first.bounding_box()["y"]
    else:
        map_box = page.locator("#contribution-map-canvas").bounding_box()
        assert listed.first.bounding_box()["x"] > map_box["x"] + map_box["width"]
    audit.check(page, "neighbourhood-map", screenshots=True)

    # The keyboard reaches the markers (visibly) right after the heading; Enter opens one.
    # (Start from the section's heading, as a screen-reader user jumping by headings does.)
    page.locator("#contribution-map-heading").evaluate("h => { h.tabIndex = -1; h.focus(); }")
    tab_to(page, "#contribution-map-canvas a.contribution-map__marker", max_tabs=3)
    href = page.evaluate("document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path(page) == href

    # On a phone the map is a still picture: a swipe or the wheel over it scrolls the page.
    page.goto("/neighbourhoods/oude-haven/")
    page.set_viewport_size({"width": 360, "height": 800})
    canvas = page.locator("#contribution-map-canvas")
    page.wait_for_selector("#contribution-map-canvas a.contribution-map__marker")
    assert canvas.evaluate("c => getComputedStyle(c).touchAction") in ("auto", "pan-x pan-y")
    page.evaluate("window.scrollTo(0, 0)")
    canvas.scroll_into_view_if_needed()
    box = canvas.bounding_box()
    before = page.evaluate("window.scrollY")
    page.mouse.move(box["x"] + 5, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, 400)
    wait_until(page, f"window.scrollY > {before}")

    # Without JavaScript only the list shows.
    still = new_context(java_script_enabled=False).new_page()
    still.goto("/neighbourhoods/oude-haven/")
    assert still.locator("#contribution-map-list a").count() == listed.count()
    assert not still.locator("#contribution-map-figure").is_visible()


def test_copy_link_copies_the_share_link_and_says_so(
    page, new_context, audit, live_url, answered_id, lang, width
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto(f"/contributions/{answered_id}")
    choose_language(page, lang)
    address = page.input_value("#share-address")
    assert address.endswith(f"/contributions/{answered_id}")
    button = page.locator("#share-copy")
    assert button.is_visible()
    audit.check(page, "share-link-copy", screenshots=True)

    # With the keyboard: the link is on the clipboard, the focus stays on the button and
    # the live region says so.
    button.focus()
    clear_announcer(page)
    page.keyboard.press("Enter")
    message = assert_htmx_result(page, "#share-copy")
    assert message == button.get_attribute("data-copied")
    assert page.evaluate("navigator.clipboard.readText()") == address

    # Where the browser refuses to copy: the link is selected, to copy by hand, and the
    # failure is read out; the focus stays on the button.
    page.evaluate("Object.defineProperty(navigator, 'clipboard', { value: undefined })")
    clear_announcer(page)
    button.click()
    message = assert_htmx_result(page, "#share-copy")
    assert message == button.get_attribute("data-copy-failed")
    assert page.evaluate(
        "(() => { const f = document.getElementById('share-address');"
        " return f.selectionEnd - f.selectionStart; })()"
    ) == len(address)

    # Without JavaScript there is no button that does nothing: the link is there to copy.
    still = new_context(java_script_enabled=False).new_page()
    still.goto(f"/contributions/{answered_id}")
    assert still.input_value("#share-address") == address
    assert not still.locator("#share-copy").is_visible()
