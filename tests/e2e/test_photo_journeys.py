"""A resident on a phone (360 px wide) or a wide screen, in Dutch and English, adds a photo
to a new contribution: forgetting the alt text gets a message beside its field, then the
photo is published and shown with its alt text and a link to the larger one.
axe and the HTML checker run on every page."""

from __future__ import annotations

import io
import re

from PIL import Image, ImageDraw

from tests.e2e.steps import RESIDENT, choose_language, log_in

ALT = "Kapotte lantaarnpaal naast het hek van de speeltuin"


def _photo() -> bytes:
    image = Image.new("RGB", (1600, 1200), (22, 28, 58))
    draw = ImageDraw.Draw(image)
    draw.rectangle((780, 200, 820, 1100), fill=(90, 90, 96))
    draw.rectangle((740, 180, 860, 220), fill=(40, 40, 40))
    out = io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(0x8825)[1] = "N"
    image.save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def test_resident_adds_a_photo_with_alt_text_on_a_phone(new_context, audit, unique, lang, width):
    page = new_context(viewport={"width": width, "height": 780}).new_page()
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/contributions/new?neighbourhood=oude-haven&kind=issue")
    title = f"Donker bij de speeltuin ({unique})"
    page.fill("#title", title)
    page.fill("#body", "De lamp bij de ingang van de speeltuin is al twee weken kapot.")
    page.locator("#categories input[type=checkbox]").first.check()
    page.locator("main form button[value=preview]").click()
    page.wait_for_load_state("load")
    # The check step has the photo fields, with what alt text is for.
    assert page.locator("#photo_1").get_attribute("type") == "file"
    assert page.locator("#alt_1-description").is_visible()
    audit.check(page, "photo-fields", screenshots=True)

    upload = {"name": "IMG_2041.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    # Without an alt text: a message beside that field, the text stays.
    page.set_input_files("#photo_1", upload)
    page.locator("main form button[value=publish]").last.click()
    page.wait_for_load_state("load")
    assert page.locator("#alt_1").get_attribute("aria-invalid") == "true"
    assert page.locator("#alt_1-error").is_visible()
    assert page.locator("#title").input_value() == title
    audit.check(page, "photo-alt-missing", screenshots=True)

    # The browser forgot the file (the page says so): choose it again, with an alt text.
    page.set_input_files("#photo_1", upload)
    page.fill("#alt_1", ALT)
    page.locator("main form button[value=publish]").last.click()
    page.wait_for_url(re.compile(r"/contributions/\d+$"))
    figure = page.locator("figure.photo").first
    image = figure.locator("img")
    assert image.get_attribute("alt") == ALT
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    assert image.evaluate("img => img.naturalWidth") == 480
    # The figure fits the screen's width.
    box = image.bounding_box()
    assert box is not None and box["width"] <= width
    larger = figure.locator("a").get_attribute("href")
    assert larger.endswith("-display.jpg")
    audit.check(page, "contribution-with-photo", screenshots=True)

    response = page.request.get(larger)
    assert response.status == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-content-type-options"] == "nosniff"
    stored = Image.open(io.BytesIO(response.body()))
    assert stored.size == (1280, 960) and not stored.getexif()


def test_resident_changes_the_alt_text_of_a_photo_on_the_edit_page(
    new_context, audit, unique, lang, width
):
    page = new_context(viewport={"width": width, "height": 780}).new_page()
    log_in(page, RESIDENT["email"], RESIDENT["password"])
    choose_language(page, lang)
    page.goto("/contributions/new?neighbourhood=oude-haven&kind=issue")
    page.fill("#title", f"Lamp stuk bij het hek ({unique})")
    page.fill("#body", "De lamp bij het hek van de speeltuin doet het niet meer.")
    page.locator("#categories input[type=checkbox]").first.check()
    page.locator("main form button[value=preview]").click()
    page.wait_for_load_state("load")
    page.set_input_files(
        "#photo_1", {"name": "IMG_2042.jpg", "mimeType": "image/jpeg", "buffer": _photo()}
    )
    page.fill("#alt_1", ALT)
    page.locator("main form button[value=publish]").last.click()
    page.wait_for_url(re.compile(r"/contributions/\d+$"))
    detail = page.url

    page.goto(detail + "/edit")
    alt_field = page.locator("input[name^=photo_alt_]")
    assert alt_field.input_value() == ALT
    field_id = alt_field.get_attribute("id")
    # Emptied: a message beside the field and in the summary; nothing is saved.
    alt_field.fill("")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_load_state("load")
    assert page.locator(f"#{field_id}").get_attribute("aria-invalid") == "true"
    assert page.locator(f"#{field_id}-error").is_visible()
    assert page.locator(f"#error-summary a[href='#{field_id}']").count() == 1
    audit.check(page, "photo-alt-edit-error", screenshots=True)

    new_alt = "Lantaarnpaal met een kapotte lamp bij het hek"
    page.locator(f"#{field_id}").fill(new_alt)
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(detail)
    assert page.locator("figure.photo img").first.get_attribute("alt") == new_alt
