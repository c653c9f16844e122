"""Photos on contributions (issue 20, item 7): hostile uploads are refused beside the field
with nothing saved, what is stored is re-encoded without metadata, and the photos follow
the contribution's visibility, moderation and erasure."""

from __future__ import annotations

import io
import json
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from flask_babel import force_locale
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageFile, WebPImagePlugin
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from tests.contributions import photo_files
from tests.factories import ContributionFactory, NeighbourhoodFactory, moderator, resident
from wijkplatform.contributions import services
from wijkplatform.contributions.models import Contribution
from wijkplatform.contributions.photos import images
from wijkplatform.contributions.photos import services as photo_services
from wijkplatform.contributions.photos.models import Photo
from wijkplatform.extensions import db
from wijkplatform.moderation import services as moderation_services
from wijkplatform.moderation.models import Action, ModerationEvent

TITLE = "Kapotte lantaarnpaal bij de speeltuin"
BODY = "Al twee weken is het 's avonds donker bij de ingang."
ALT = "Lantaarnpaal met een kapotte lamp naast het hek van de speeltuin"
LIMITS = {"max_bytes": 8 * 1024 * 1024, "max_pixels": 40_000_000}


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _files(app) -> list[Path]:
    root = Path(app.config["PHOTO_STORAGE_DIR"])
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _upload(data: bytes, name: str = "foto.jpg", content_type: str = "image/jpeg"):
    return (io.BytesIO(data), name, content_type)


def _post_in_memory(client, url, data: dict):
    """POST a multipart body made in memory: the test client would spool a large body to a
    temporary file it never closes (as tests/neighbourhoods/test_import_limits.py does)."""
    values = {}
    for name, value in data.items():
        if isinstance(value, tuple):
            stream, filename, content_type = value
            value = FileStorage(stream, filename=filename, content_type=content_type)
        values[name] = value
    boundary, body = encode_multipart(MultiDict(
        [(k, v) for k, vs in values.items() for v in (vs if isinstance(vs, list) else [vs])]
    ))  # fmt: skip
    return client.post(url, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def _publish(neighbourhood, photos=(), **changes):
    data = {
        "neighbourhood": neighbourhood.slug,
        "kind": "issue",
        "title": TITLE,
        "body": BODY,
        "categories": ["safety"],
        "submission_key": "foto-sleutel",
        "action": "publish",
    }
    for number, (file, alt) in enumerate(photos, start=1):
        if file is not None:
            data[f"photo_{number}"] = file
        data[f"alt_{number}"] = alt
    data.update(changes)
    return data


@pytest.fixture
def place(app):
    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    db.session.commit()
    return neighbourhood, author


def _new_photo(data=None, alt=ALT):
    return photo_services.NewPhoto(images.prepare(data or photo_files.photo(), **LIMITS), alt)


def _contribution_with_photo(neighbourhood, author, **kwargs):
    contribution = services.create_contribution(
        author, neighbourhood=neighbourhood, kind="issue", title=TITLE, body=BODY,
        categories=["safety"], photos=[_new_photo()], **kwargs,
    )  # fmt: skip
    db.session.commit()
    return contribution


def _photo_url(photo, size="thumb"):
    return f"/photos/{photo.key}-{size}.jpg"


def _fetch(client, url):
    """GET a photo; the file the response streams from is closed again."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


# --- Re-encoding -------------------------------------------------------------------------


def test_gps_and_all_other_metadata_are_gone_and_the_photo_is_turned_upright():
    original = Image.open(io.BytesIO(photo_files.photo_with_gps(orientation=6)))
    assert original.getexif().get_ifd(photo_files.GPS_TAG)  # the test photo has a position
    prepared = images.prepare(photo_files.photo_with_gps(orientation=6), **LIMITS)
    for data in (prepared.display, prepared.thumbnail):
        stored = Image.open(io.BytesIO(data))
        assert stored.format == "JPEG"
        assert dict(stored.getexif()) == {}
        assert "exif" not in stored.info and "icc_profile" not in stored.info
        assert b"Telefoonmerk" not in data
    # 600 x 300 with "rotate 90°" in its EXIF: stored standing up.
    assert prepared.display_size == (300, 600)


def test_a_jpeg_with_html_appended_is_stored_without_it():
    prepared = images.prepare(photo_files.jpeg_with_html(), **LIMITS)
    assert b"<script" not in prepared.display and b"<script" not in prepared.thumbnail


def test_sizes_are_a_thumbnail_and_a_display_size():
    prepared = images.prepare(photo_files.photo(size=(3000, 2000)), **LIMITS)
    assert prepared.display_size == (1280, 853)
    assert prepared.thumbnail_size == (480, 320)


def test_a_tall_narrow_photo_keeps_a_full_width_thumbnail():
    # Its display size (256 wide) is narrower than a thumbnail: the thumbnail is made from
    # all the pixels, not from the display size.
    prepared = images.prepare(photo_files.photo(size=(600, 3000)), **LIMITS)
    assert prepared.display_size == (256, 1280)
    assert prepared.thumbnail_size == (384, 1920)


def test_a_large_jpeg_is_decoded_at_a_reduced_scale(monkeypatch):
    """Pillow's draft mode: a 12 Mpx phone photo is decoded at half its size (about 2.4x
    less CPU time), never more than the display size needs."""
    from PIL import ImageOps

    decoded = []
    real = ImageOps.exif_transpose

    def spy(image, **kwargs):
        decoded.append(image.size)
        return real(image, **kwargs)

    monkeypatch.setattr(images.ImageOps, "exif_transpose", spy)
    prepared = images.prepare(photo_files.photo(size=(4032, 3024)), **LIMITS)
    assert decoded == [(2016, 1512)]
    assert prepared.display_size == (1280, 960)
    assert prepared.thumbnail_size == (480, 360)


def test_a_transparent_png_and_a_webp_are_taken():
    for data in (
        photo_files.photo(fmt="PNG", transparent=True),
        photo_files.photo(fmt="WEBP"),
    ):
        assert Image.open(io.BytesIO(images.prepare(data, **LIMITS).display)).mode == "RGB"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", lambda: images.EMPTY),
        (photo_files.SVG, lambda: images.NOT_A_PHOTO),
        (photo_files.GIF, lambda: images.NOT_A_PHOTO),
        (b"%PDF-1.7\n" + b"x" * 200, lambda: images.NOT_A_PHOTO),
        (photo_files.photo()[:-400], lambda: images.BROKEN),
        (photo_files.photo(fmt="PNG")[:-30], lambda: images.BROKEN),
        (photo_files.png_bomb(), lambda: images.too_many_pixels_message(LIMITS["max_pixels"])),
        (photo_files.png_bomb(8000, 8000),
         lambda: images.too_many_pixels_message(LIMITS["max_pixels"])),
        (photo_files.photo(size=(8, 8)), lambda: images.TOO_SMALL),
    ],
)  # fmt: skip
def test_hostile_files_are_refused_with_a_reason(app, data, message):
    with pytest.raises(images.PhotoRefused) as refused:
        images.prepare(data, **LIMITS)
    assert str(refused.value.message) == str(message())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cut=st.integers(min_value=0, max_value=4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=8),
    tail=st.binary(max_size=64),
)
def test_a_damaged_photo_is_refused_or_re_encoded_never_anything_else(cut, flips, tail):
    data = bytearray(photo_files.photo(size=(120, 90))[:cut] if cut else photo_files.photo())
    for position, value in flips:
        if position < len(data):
            data[position] = value
    try:
        prepared = images.prepare(bytes(data) + tail, **LIMITS)
    except images.PhotoRefused:
        return
    assert Image.open(io.BytesIO(prepared.display)).format == "JPEG"


@settings(max_examples=80, deadline=None)
@given(
    start=st.sampled_from(
        [b"\xff\xd8\xff\xe0", b"\x89PNG\r\n\x1a\n", b"RIFF\x00\x00\x00\x00WEBPVP8 ", b""]
    ),
    rest=st.binary(max_size=2048),
)
def test_random_bytes_behind_a_photo_header_are_refused_never_a_crash(start, rest):
    try:
        prepared = images.prepare(start + rest, **LIMITS)
    except images.PhotoRefused:
        return
    assert Image.open(io.BytesIO(prepared.display)).format == "JPEG"


@contextmanager
def _decoding():
    """The sizes of the pictures whose pixels Pillow decodes inside the block."""
    decoded = []

    def spy(real):
        def load(image):
            decoded.append(image.size)
            return real(image)

        return load

    with (
        mock.patch.object(ImageFile.ImageFile, "load", spy(ImageFile.ImageFile.load)),
        mock.patch.object(WebPImagePlugin.WebPImageFile, "load",
                          spy(WebPImagePlugin.WebPImageFile.load)),
    ):  # fmt: skip
        yield decoded


def test_the_decoding_spy_sees_an_ordinary_photo_decoded():
    for fmt in ("JPEG", "PNG", "WEBP"):
        with _decoding() as decoded:
            images.prepare(photo_files.photo(fmt=fmt), **LIMITS)
        assert decoded, fmt


def _too_many_pixels():
    return images.too_many_pixels_message(LIMITS["max_pixels"])


# Small files whose header claims more pixels than a photo may have (a decompression bomb),
# or far more than their few bytes can hold; each is refused from its header alone.
BOMBS = {
    "jpeg claiming 60000 x 60000": (
        lambda: photo_files.jpeg_declaring(60_000, 60_000),
        _too_many_pixels,
    ),
    "webp claiming 60000 x 60000": (
        lambda: photo_files.webp_declaring(60_000, 60_000),
        _too_many_pixels,
    ),
    "png claiming 20000 x 20000": (photo_files.png_bomb, _too_many_pixels),
    "jpeg of 1 kB claiming 6300 x 6300": (
        lambda: photo_files.jpeg_declaring(6300, 6300),
        lambda: images.TOO_SPARSE,
    ),
    "png of 141 bytes claiming 6300 x 6300": (
        lambda: photo_files.png_bomb(6300, 6300),
        lambda: images.TOO_SPARSE,
    ),
    "flat lossless webp of 1.5 kB, 6300 x 6300": (
        lambda: photo_files.flat((6300, 6300), "WEBP", lossless=True),
        lambda: images.TOO_SPARSE,
    ),
    "flat png, 6000 x 4000": (
        lambda: photo_files.flat((6000, 4000), "PNG"),
        lambda: images.TOO_SPARSE,
    ),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_a_bomb_is_refused_before_a_single_pixel_is_decoded(app, name):
    make, message = BOMBS[name]
    data = make()
    assert len(data) < 200_000
    with _decoding() as decoded, pytest.raises(images.PhotoRefused) as refused:
        images.prepare(data, **LIMITS)
    assert str(refused.value.message) == str(message())
    assert decoded == []


@settings(max_examples=60, deadline=None)
@given(
    kind=st.sampled_from(["jpeg", "webp", "png"]),
    width=st.integers(1, 65_535),
    height=st.integers(1, 65_535),
)
def test_whatever_size_a_header_claims_no_more_is_decoded_than_the_limits_allow(
    kind, width, height
):
    make = {
        "jpeg": photo_files.jpeg_declaring,
        "webp": photo_files.webp_declaring,
        "png": photo_files.png_bomb,
    }[kind]
    data = make(width, height)
    with _decoding() as decoded:
        try:
            prepared = images.prepare(data, **LIMITS)
        except images.PhotoRefused:
            prepared = None
    if width * height > images.SPARSE_FROM:
        # Far more pixels than a few kilobytes hold: never decoded.
        assert prepared is None and decoded == []
    if prepared is not None:
        assert Image.open(io.BytesIO(prepared.display)).format == "JPEG"


# Bytes that must never reach a stored file, whatever they were hidden in.
HOSTILE_BYTES = (
    b"<script", b"<html", b"alert(", b"PK\x03\x04", b"index.html", b"Telefoonmerk",
    b"GPS", b"Exif", b"xmpmeta", b"adobe",
)  # fmt: skip


def _assert_clean(data: bytes):
    """A plain JPEG: nothing hostile inside, no metadata, nothing after its end."""
    assert data.startswith(b"\xff\xd8") and data.endswith(b"\xff\xd9")
    assert data.count(b"\xff\xd9") == 1
    assert [marker for marker in HOSTILE_BYTES if marker in data] == []
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and dict(stored.getexif()) == {}
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(stored.info)


# Valid pictures that carry something else: taken only as new pixels.
CARRIERS = {
    "jpeg with html appended": photo_files.jpeg_with_html,
    "jpeg with html in a comment segment": photo_files.jpeg_with_html_comment,
    "png with a zip and html after IEND": photo_files.png_with_zip_after_iend,
    "jpeg with gps in exif and xmp": photo_files.jpeg_with_gps_and_xmp,
    "webp with gps in exif and xmp": photo_files.webp_with_gps,
}


@pytest.mark.parametrize("name", sorted(CARRIERS))
def test_what_a_valid_picture_carries_is_never_stored(name):
    data = CARRIERS[name]()
    assert [marker for marker in HOSTILE_BYTES if marker in data]  # the file does carry it
    prepared = images.prepare(data, **LIMITS)
    _assert_clean(prepared.display)
    _assert_clean(prepared.thumbnail)


def test_a_webp_is_turned_upright_by_its_exif_and_loses_its_position():
    original = Image.open(io.BytesIO(photo_files.webp_with_gps(orientation=6)))
    assert original.getexif().get_ifd(photo_files.GPS_TAG)
    prepared = images.prepare(photo_files.webp_with_gps(orientation=6), **LIMITS)
    assert prepared.display_size == (300, 600)
    _assert_clean(prepared.display)


@settings(max_examples=40, deadline=None)
@given(
    fmt=st.sampled_from(["JPEG", "PNG", "WEBP"]),
    tail=st.binary(min_size=24, max_size=512),
)
def test_nothing_after_a_valid_picture_reaches_the_stored_file(fmt, tail):
    prepared = images.prepare(photo_files.photo(size=(120, 90), fmt=fmt) + tail, **LIMITS)
    assert tail not in prepared.display and tail not in prepared.thumbnail


# --- The form ----------------------------------------------------------------------------


def test_a_photo_is_published_with_its_alt_text_and_shown(client, login, place, app):
    neighbourhood, author = place
    login(author)
    response = client.post(
        "/contributions/new",
        data=_publish(
            neighbourhood, [(_upload(photo_files.photo_with_gps(), "IMG_0042.jpg"), ALT)]
        ),
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    [photo] = db.session.scalars(select(Photo)).all()
    assert photo.alt_text == ALT
    files = _files(app)
    assert len(files) == 2 and not any("IMG_0042" in str(f) for f in files)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f'alt="{ALT}"' in page
    assert f'href="{_photo_url(photo, "display")}"' in page
    served = _fetch(client, _photo_url(photo, "display"))
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/jpeg"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "max-age=31536000" in served.headers["Cache-Control"]
    assert not Image.open(io.BytesIO(served.data)).getexif().get_ifd(photo_files.GPS_TAG)


def test_the_check_step_offers_the_photo_fields_with_what_alt_text_is_for(client, login, place):
    neighbourhood, author = place
    login(author)
    page = client.post(
        "/contributions/new", data=_publish(neighbourhood, action="preview")
    ).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert 'name="photo_1"' in page and 'name="alt_3"' in page
    assert "voorgelezen" in page  # the alt text explained, in Dutch


HOSTILE = {
    "svg renamed to png": (photo_files.SVG, "plaatje.png", "image/png", "not"),
    "gif": (photo_files.GIF, "plaatje.gif", "image/gif", "not"),
    "gif that is also javascript": (photo_files.GIF_JS, "plaatje.gif", "image/gif", "not"),
    "pdf named jpg": (photo_files.PDF, "foto.jpg", "image/jpeg", "not"),
    "html named jpg": (b"<html><script>alert(1)</script></html>", "foto.jpg", "image/jpeg",
                       "not"),
    "truncated jpeg": (photo_files.photo()[:-400], "foto.jpg", "image/jpeg", "broken"),
    "zero bytes": (b"", "leeg.jpg", "image/jpeg", "empty"),
    "decompression bomb": (photo_files.png_bomb(), "bom.png", "image/png", "pixels"),
    "jpeg bomb": (photo_files.jpeg_declaring(60_000, 60_000), "bom.jpg", "image/jpeg",
                  "pixels"),
    "webp bomb": (photo_files.webp_declaring(60_000, 60_000), "bom.webp", "image/webp",
                  "pixels"),
    "flat lossless webp": (photo_files.flat((6300, 6300), "WEBP", lossless=True),
                           "vlak.webp", "image/webp", "sparse"),
}  # fmt: skip
MESSAGES = {
    "not": lambda: images.NOT_A_PHOTO,
    "broken": lambda: images.BROKEN,
    "empty": lambda: images.EMPTY,
    "pixels": _too_many_pixels,
    "sparse": lambda: images.TOO_SPARSE,
}


def _error_beside(page: str, field: str) -> str:
    return page.split(f'id="{field}-error"', 1)[1].split("</div>", 1)[0]


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_gets_a_message_beside_the_field_and_nothing_is_saved(
    client, login, place, app, name
):
    neighbourhood, author = place
    login(author)
    data, filename, content_type, reason = HOSTILE[name]
    response = client.post(
        "/contributions/new",
        data=_publish(neighbourhood, [
            (_upload(photo_files.photo()), "Een goede foto van het hek"),
            (_upload(data, filename, content_type), ALT),
        ]),
        content_type="multipart/form-data",
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="photo_2-error"' in page
    assert 'id="photo_1-error"' not in page
    with force_locale("nl"):
        message = str(MESSAGES[reason]())
    assert message in _error_beside(page, "photo_2")
    assert TITLE in page and ALT in page  # the typed text is kept
    assert _count(Contribution) == 0 and _count(Photo) == 0
    assert _files(app) == []


def test_hostile_file_messages_are_in_dutch(app):
    for reason in ("not", "broken", "empty", "pixels"):
        with force_locale("nl"):
            dutch = str(MESSAGES[reason]())
        with force_locale("en"):
            assert dutch != str(MESSAGES[reason]()), reason


@pytest.mark.parametrize("name", sorted(CARRIERS))
def test_a_carrier_is_published_as_new_pixels_only(client, login, place, app, name):
    neighbourhood, author = place
    login(author)
    extension = "webp" if "webp" in name else "png" if "png" in name else "jpg"
    response = client.post(
        "/contributions/new",
        data=_publish(neighbourhood, [(_upload(CARRIERS[name](), f"foto.{extension}"), ALT)]),
        content_type="multipart/form-data",
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    files = _files(app)
    assert len(files) == 2
    for stored in files:
        _assert_clean(stored.read_bytes())


def test_a_photo_without_alt_text_is_refused_beside_the_alt_field(client, login, place, app):
    neighbourhood, author = place
    login(author)
    response = client.post(
        "/contributions/new",
        data=_publish(neighbourhood, [(_upload(photo_files.photo()), "  ")]),
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="alt_1-error"' in page and "Beschrijf wat er op de foto staat" in page
    assert _count(Contribution) == 0 and _files(app) == []


def test_four_photos_are_refused(client, login, place, app):
    neighbourhood, author = place
    login(author)
    data = _publish(neighbourhood, [(_upload(photo_files.photo()), ALT)] * 3)
    data["photo_4"] = _upload(photo_files.photo())
    response = client.post("/contributions/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 422
    assert "hoogstens 3 foto" in response.get_data(as_text=True)
    assert _count(Contribution) == 0 and _files(app) == []


def test_a_photo_over_the_byte_limit_is_refused_beside_the_field(make_app, place):
    from tests.factories import PASSWORD

    app = make_app(PHOTO_MAX_BYTES=1024 * 1024)
    neighbourhood, author = place
    noise = Image.frombytes("RGB", (800, 600), bytes(range(256)) * 5625)
    big = io.BytesIO()
    noise.save(big, "PNG", compress_level=0)
    assert 1024 * 1024 < len(big.getvalue()) < 2 * 1024 * 1024
    client = app.test_client()
    with app.app_context():
        client.post("/account/login", data={"email": author.email, "password": PASSWORD})
        response = _post_in_memory(
            client,
            "/contributions/new",
            _publish(neighbourhood, [(_upload(big.getvalue(), "groot.png", "image/png"), ALT)]),
        )  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="photo_1-error"' in page and "groter dan 1 MB" in page
    assert TITLE in page


def test_a_body_past_the_limit_gets_the_413_page_not_a_500(make_app, place):
    from tests.factories import PASSWORD

    app = make_app(PHOTO_MAX_BYTES=100_000)
    neighbourhood, author = place
    client = app.test_client()
    with app.app_context():
        client.post("/account/login", data={"email": author.email, "password": PASSWORD})
        response = _post_in_memory(
            client,
            "/contributions/new",
            _publish(neighbourhood, [(_upload(b"\xff" * 400_000), ALT)]),
        )  # fmt: skip
    assert response.status_code == 413
    assert "Elke foto mag hoogstens" in response.get_data(as_text=True)


# --- Editing -----------------------------------------------------------------------------


def test_the_author_adds_and_removes_photos_when_editing(client, login, place, app):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    [first] = db.session.scalars(select(Photo)).all()
    login(author)
    page = client.get(f"/contributions/{contribution.id}/edit").get_data(as_text=True)
    assert 'name="remove_photos"' in page and 'name="photo_2"' in page
    assert 'name="photo_3"' not in page  # one of three is used
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data={
            "title": TITLE, "body": BODY, "categories": ["safety"],
            "remove_photos": [str(first.id)],
            "photo_1": _upload(photo_files.photo(fmt="WEBP"), "nieuw.webp", "image/webp"),
            "alt_1": "Dezelfde paal, nu van dichtbij",
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 302, response.get_data(as_text=True)
    [photo] = db.session.scalars(select(Photo)).all()
    assert photo.alt_text == "Dezelfde paal, nu van dichtbij"
    assert len(_files(app)) == 2  # the removed photo's files are gone


def test_a_broken_photo_when_editing_changes_nothing(client, login, place, app):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    before = _files(app)
    login(author)
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data={
            "title": "Een heel andere titel", "body": BODY, "categories": ["safety"],
            "photo_1": _upload(photo_files.SVG, "x.png", "image/png"), "alt_1": ALT,
        },
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 422
    assert "Een heel andere titel" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contribution, contribution.id).title == TITLE
    assert _files(app) == before


def _edit_data(**changes):
    data = {"title": TITLE, "body": BODY, "categories": ["safety"]}
    data.update(changes)
    return data


def test_the_author_changes_the_alt_text_of_a_photo(client, login, place, app):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(author)
    page = client.get(f"/contributions/{contribution.id}/edit").get_data(as_text=True)
    field = f'name="photo_alt_{photo.id}"'
    assert field in page and f'value="{ALT}"' in page
    assert f'<label class="utrecht-form-label" for="photo_alt_{photo.id}">' in page
    new_alt = "  Lantaarnpaal bij het hek, de lamp is stuk  "
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data=_edit_data(**{f"photo_alt_{photo.id}": new_alt}),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Photo, photo.id).alt_text == new_alt.strip()
    detail = client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    assert f'alt="{new_alt.strip()}"' in detail
    assert len(_files(app)) == 2  # the files stay as they are


@pytest.mark.parametrize(
    "alt, message",
    [
        ("", "Beschrijf wat er op de foto staat"),
        ("   ", "Beschrijf wat er op de foto staat"),
        ("ab", "Gebruik minstens 3 tekens."),
        ("x" * 251, "Gebruik hoogstens 250 tekens."),
    ],
)
def test_a_bad_alt_text_is_refused_beside_its_field_and_nothing_is_saved(
    client, login, place, alt, message
):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(author)
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data=_edit_data(title="Een heel andere titel", **{f"photo_alt_{photo.id}": alt}),
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert f'id="photo_alt_{photo.id}-error"' in page
    assert message in page.split(f'id="photo_alt_{photo.id}-error"', 1)[1].split("</div>", 1)[0]
    assert f'href="#photo_alt_{photo.id}"' in page  # in the summary at the top
    assert "Een heel andere titel" in page  # what was typed is kept
    if alt.strip():
        assert f'value="{alt}"' in page
    db.session.expire_all()
    assert db.session.get(Photo, photo.id).alt_text == ALT
    assert db.session.get(Contribution, contribution.id).title == TITLE  # nothing half-saved


def test_a_photo_being_removed_needs_no_alt_text(client, login, place, app):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(author)
    response = client.post(
        f"/contributions/{contribution.id}/edit",
        data=_edit_data(remove_photos=[str(photo.id)], **{f"photo_alt_{photo.id}": ""}),
    )
    assert response.status_code == 302
    assert _count(Photo) == 0 and _files(app) == []


def test_the_alt_text_of_someone_elses_photo_cannot_be_changed(client, login, place):
    neighbourhood, author = place
    mine = _contribution_with_photo(neighbourhood, author)
    other_author = resident(neighbourhood)
    db.session.commit()
    _contribution_with_photo(neighbourhood, other_author)
    other_photo = db.session.scalars(select(Photo).where(Photo.contribution_id != mine.id)).one()
    login(author)
    # Through the author's own edit page: a field for a photo that is not theirs is ignored.
    response = client.post(
        f"/contributions/{mine.id}/edit",
        data=_edit_data(**{f"photo_alt_{other_photo.id}": "Iets heel anders"}),
    )
    assert response.status_code == 302
    # Through the other contribution's edit page: not theirs to edit at all.
    response = client.post(
        f"/contributions/{other_photo.contribution_id}/edit",
        data=_edit_data(**{f"photo_alt_{other_photo.id}": "Iets heel anders"}),
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Photo, other_photo.id).alt_text == ALT


def test_the_service_refuses_a_photo_of_another_contribution(place):
    from wijkplatform.core.errors import DomainError

    neighbourhood, author = place
    mine = _contribution_with_photo(neighbourhood, author)
    other = _contribution_with_photo(neighbourhood, resident(neighbourhood))
    other_photo = db.session.scalars(select(Photo).where(Photo.contribution_id == other.id)).one()
    with pytest.raises(DomainError) as refused:
        photo_services.change_alt_texts(author, mine, {other_photo.id: "Iets heel anders"})
    assert refused.value.status == 404
    with pytest.raises(DomainError) as refused:
        photo_services.change_alt_texts(author, other, {other_photo.id: "Iets heel anders"})
    assert refused.value.status == 403


def test_a_worker_still_removes_a_photo_whose_alt_text_was_changed(client, login, place, app):
    neighbourhood, author = place
    worker = moderator(neighbourhood)
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(author)
    client.post(
        f"/contributions/{contribution.id}/edit",
        data=_edit_data(**{f"photo_alt_{photo.id}": "Een nieuwe beschrijving"}),
    )
    client.post("/account/logout")
    login(worker)
    url = f"/moderation/{neighbourhood.slug}/photos/{photo.id}/remove"
    response = client.post(url, data={"reason": "Er staat een kenteken op."})
    assert response.status_code == 302
    assert _count(Photo) == 0 and _files(app) == []


def test_files_written_by_a_transaction_that_rolls_back_are_removed(app, place):
    neighbourhood, author = place
    contribution = ContributionFactory(neighbourhood=neighbourhood, author=author)
    db.session.commit()
    photo_services.add_photos(author, contribution, [_new_photo()])
    assert len(_files(app)) == 2
    db.session.rollback()
    assert _files(app) == []


# --- Who sees them -----------------------------------------------------------------------


def test_photos_of_a_hidden_contribution_are_only_for_the_author_and_workers(
    client, login, place, app
):
    neighbourhood, author = place
    worker = moderator(neighbourhood)
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    moderation_services.hide(worker, contribution, reason="Een kenteken in beeld.")
    db.session.commit()
    assert _fetch(client, _photo_url(photo)).status_code == 404
    for person in (author, worker):
        login(person)
        served = _fetch(client, _photo_url(photo))
        assert served.status_code == 200
        assert served.headers["Cache-Control"] == "private, no-store"
        client.post("/account/logout")


def test_photos_of_a_withdrawn_contribution_are_not_public(client, login, place):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    services.withdraw_contribution(author, contribution)
    db.session.commit()
    assert _fetch(client, _photo_url(photo)).status_code == 404
    assert ALT not in client.get(f"/contributions/{contribution.id}").get_data(as_text=True)
    login(author)
    assert _fetch(client, _photo_url(photo)).status_code == 200


def test_unknown_photo_addresses_are_not_found(client, place):
    assert client.get("/photos/0123456789abcdef0123456789abcdef-thumb.jpg").status_code == 404
    assert client.get("/photos/..%2F..%2Fetc-thumb.jpg").status_code == 404


def test_the_list_card_shows_the_first_photo(client, place):
    neighbourhood, author = place
    _contribution_with_photo(neighbourhood, author)
    page = client.get(f"/neighbourhoods/{neighbourhood.slug}/contributions/").get_data(as_text=True)
    assert 'class="contribution-card__photo"' in page and f'alt="{ALT}"' in page


def test_each_list_card_shows_its_own_first_photo_and_a_withdrawn_one_none(client, place):
    """The first photo comes with the card's row (issue 18): with two photos the card shows
    the first; a card without photos shows none; a withdrawn contribution's card shows
    none (its photos are not public), on the neighbourhood and the municipality list."""
    neighbourhood, author = place
    first, second = _new_photo(alt="Eerste foto van de bank"), _new_photo(alt="Tweede foto")
    two = services.create_contribution(
        author, neighbourhood=neighbourhood, kind="issue", title="Twee foto's", body=BODY,
        categories=["safety"], photos=[first, second],
    )  # fmt: skip
    services.create_contribution(
        author, neighbourhood=neighbourhood, kind="issue", title="Zonder foto", body=BODY,
        categories=["safety"],
    )  # fmt: skip
    withdrawn = _contribution_with_photo(neighbourhood, author)
    services.withdraw_contribution(author, withdrawn)
    db.session.commit()
    photos = db.session.scalars(
        select(Photo).where(Photo.contribution_id == two.id).order_by(Photo.position, Photo.id)
    ).all()
    for url in (
        f"/neighbourhoods/{neighbourhood.slug}/contributions/",
        f"/municipalities/{neighbourhood.municipality.cbs_code}/contributions/",
    ):
        page = client.get(url).get_data(as_text=True)
        assert page.count('class="contribution-card__photo"') == 1, url
        assert _photo_url(photos[0]) in page and 'alt="Eerste foto van de bank"' in page
        assert _photo_url(photos[1]) not in page and ALT not in page


# --- Moderation and erasure ---------------------------------------------------------------


def test_a_worker_removes_one_photo_with_a_reason_in_the_log(client, login, place, app):
    neighbourhood, author = place
    worker = moderator(neighbourhood)
    contribution = _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(worker)
    url = f"/moderation/{neighbourhood.slug}/photos/{photo.id}/remove"
    assert "Verwijder deze foto" in client.get(url).get_data(as_text=True)
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 422 and 'id="reason-error"' in refused.get_data(as_text=True)
    assert _count(Photo) == 1 and len(_files(app)) == 2
    response = client.post(url, data={"reason": "Er staat een kenteken op."})
    assert response.status_code == 302
    assert _count(Photo) == 0 and _files(app) == []
    event = db.session.scalar(select(ModerationEvent))
    assert event.action == Action.PHOTO_REMOVED and event.target_id == contribution.id
    assert "kenteken" in event.reason
    assert db.session.get(Contribution, contribution.id).hidden is False


def test_a_resident_cannot_remove_a_photo(client, login, place):
    neighbourhood, author = place
    _contribution_with_photo(neighbourhood, author)
    [photo] = db.session.scalars(select(Photo)).all()
    login(resident(neighbourhood))
    url = f"/moderation/{neighbourhood.slug}/photos/{photo.id}/remove"
    assert client.post(url, data={"reason": "Weg ermee."}).status_code == 403
    assert _count(Photo) == 1


def test_erasing_the_account_deletes_its_photos_and_files(client, login, place, app):
    from tests.factories import PASSWORD

    neighbourhood, author = place
    _contribution_with_photo(neighbourhood, author)
    login(author)
    exported = json.loads(client.get("/account/data/export.json").data)
    assert exported["photos"][0]["alt_text"] == ALT
    client.post("/account/confirm-password", data={"password": PASSWORD})
    response = client.post("/account/data/erase", data={"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 302
    assert _count(Photo) == 0 and _files(app) == []


def test_withdrawing_says_the_photos_are_no_longer_shown(client, login, place):
    neighbourhood, author = place
    contribution = _contribution_with_photo(neighbourhood, author)
    login(author)
    page = client.get(f"/contributions/{contribution.id}/withdraw").get_data(as_text=True)
    assert "ziet daarna niemand anders meer" in page
