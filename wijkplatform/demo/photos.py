"""Demo photos, drawn with Pillow (no picture comes from the internet): a lamp post in a
dark park, an empty school building, a field behind the flats. Each is made as a resident's
upload would be: encoded as a file, then checked and re-encoded by photos.images.prepare."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw

from wijkplatform.contributions.photos import images
from wijkplatform.contributions.photos.services import NewPhoto

WIDTH, HEIGHT = 1200, 800


def _lamp_post() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (22, 28, 58))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 560, WIDTH, HEIGHT), fill=(34, 70, 40))  # grass
    draw.rectangle((0, 600, WIDTH, 660), fill=(90, 90, 96))  # path
    for x in (120, 980):  # trees
        draw.rectangle((x + 40, 380, x + 70, 580), fill=(70, 45, 25))
        draw.ellipse((x - 40, 220, x + 150, 420), fill=(25, 60, 35))
    draw.rectangle((580, 180, 600, 600), fill=(60, 60, 66))  # the post
    draw.polygon([(545, 180), (635, 180), (615, 140), (565, 140)], fill=(60, 60, 66))
    draw.rectangle((560, 180, 620, 200), fill=(40, 40, 40))  # the lamp: out
    draw.line((565, 185, 615, 198), fill=(120, 120, 120), width=3)  # broken glass
    draw.rectangle((700, 590, 860, 605), fill=(120, 80, 40))  # a bench
    draw.rectangle((710, 605, 720, 630), fill=(60, 40, 20))
    draw.rectangle((840, 605, 850, 630), fill=(60, 40, 20))
    return image


def _empty_school() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (170, 200, 225))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 620, WIDTH, HEIGHT), fill=(150, 150, 140))  # schoolyard
    draw.rectangle((200, 260, 1000, 620), fill=(170, 90, 60))  # building
    draw.polygon([(180, 260), (1020, 260), (600, 120)], fill=(90, 50, 40))  # roof
    for row in (320, 450):
        for x in range(260, 960, 140):
            draw.rectangle((x, row, x + 90, row + 80), fill=(60, 70, 80))  # dark windows
            draw.line((x, row, x + 90, row + 80), fill=(200, 200, 200), width=4)  # boarded
    draw.rectangle((560, 500, 640, 620), fill=(70, 50, 40))  # door
    draw.rectangle((60, 560, 180, 620), outline=(80, 80, 80), width=6)  # fence
    return image


def _field() -> Image.Image:
    image = Image.new("RGB", (WIDTH, HEIGHT), (190, 215, 235))
    draw = ImageDraw.Draw(image)
    for x in range(0, WIDTH, 260):  # flats behind the field
        draw.rectangle((x + 20, 140, x + 220, 430), fill=(200, 195, 185))
        for y in range(160, 420, 50):
            for wx in range(x + 40, x + 200, 50):
                draw.rectangle((wx, y, wx + 25, y + 25), fill=(90, 110, 130))
    draw.rectangle((0, 430, WIDTH, HEIGHT), fill=(140, 150, 70))  # the unused field
    for x in range(40, WIDTH, 90):
        draw.line((x, 780, x + 30, 700), fill=(110, 120, 50), width=5)  # weeds
    return image


# Title of a demo contribution -> (picture, alt text).
PHOTOS = {
    "Bewoners willen samen het park veiliger maken": (
        _lamp_post,
        "Donker park met een lantaarnpaal waarvan de lamp kapot is, naast een bankje",
    ),
    "Het lege schoolgebouw als ontmoetingsplek": (
        _empty_school,
        "Leeg schoolgebouw van rode steen met dichtgetimmerde ramen en een leeg schoolplein",
    ),
    "Moestuin op het braakliggende veld": (
        _field,
        "Braakliggend veld met onkruid, met flats op de achtergrond",
    ),
}


def photos_for(title: str) -> list[NewPhoto]:
    """The demo photo for a contribution with `title`, ready for create_contribution."""
    if title not in PHOTOS:
        return []
    draw, alt_text = PHOTOS[title]
    upload = io.BytesIO()
    draw().save(upload, "JPEG", quality=90)
    prepared = images.prepare(upload.getvalue(), max_bytes=8 * 1024 * 1024, max_pixels=10**7)
    return [NewPhoto(prepared, alt_text)]
