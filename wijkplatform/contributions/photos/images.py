"""Checking and re-encoding an uploaded photo with Pillow. Pure: bytes in, bytes out.

Nothing a resident uploads is ever stored or served as it came. A file is read as JPEG, PNG
or WebP by its content (never by its name or the browser's content type); its size is
checked in bytes and, from the header alone, in pixels before the pixels are decoded (a
"decompression bomb" is refused, and so is a file whose header claims far more pixels than
its bytes can hold: a few kilobytes that would cost seconds of decoding); a truncated or
broken file is refused. From the decoded
pixels, turned the way the camera's EXIF orientation says, two new JPEG files are made: a
thumbnail and a display size. They carry no metadata at all: no EXIF (so no GPS position),
no comments, no ICC profile, nothing appended after the image (a "polyglot" JPEG with HTML
behind it loses the HTML).
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageOps, UnidentifiedImageError

# Decoders Pillow may use for an upload; every other format (GIF, BMP, TIFF, SVG, PDF, …)
# is refused before any decoder runs.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP")
THUMBNAIL_WIDTH = 480
DISPLAY_SIZE = 1280  # the longest side of the display size
JPEG_QUALITY = 82
# The smallest picture that still shows something.
MIN_SIDE = 16
# Decoding costs time by the pixel, not by the byte: a PNG or WebP of one flat colour, or a
# header that claims more pixels than the file holds, makes a 40-megapixel decode out of a
# few kilobytes (a 1.5 kB WebP: seconds of CPU and 120 MB). A photo holds detail: even a
# dark, heavily compressed 12-megapixel phone photo has fewer than 100 pixels per byte, a
# screenshot fewer than 60. Past SPARSE_FROM pixels a file must have a byte per
# MAX_PIXELS_PER_BYTE pixels; smaller pictures are cheap whatever they hold.
SPARSE_FROM = 4_000_000
MAX_PIXELS_PER_BYTE = 250


class PhotoRefused(ValueError):
    """The file is not a photo we take; `message` says why, in plain words."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked photo, re-encoded from its pixels; only `prepare` makes one."""

    display: bytes
    display_size: tuple[int, int]
    thumbnail: bytes
    thumbnail_size: tuple[int, int]


def too_large_message(max_bytes: int):
    return _l(
        "This photo is larger than %(max)d MB. Choose a smaller photo, or make it smaller "
        "on your phone or computer first.",
        max=max(1, max_bytes // (1024 * 1024)),
    )


def too_many_pixels_message(max_pixels: int):
    return _l(
        "This photo has too many pixels (more than %(max)d megapixels). Choose a smaller photo.",
        max=max(1, max_pixels // 1_000_000),
    )


NOT_A_PHOTO = _l("This file is not a photo we can use. Choose a JPEG, PNG or WebP photo.")
BROKEN = _l("This photo is damaged or incomplete. Choose the photo again or choose another one.")
EMPTY = _l("This file is empty. Choose a photo.")
TOO_SMALL = _l("This picture is too small to show anything.")
TOO_SPARSE = _l(
    "This picture has very many pixels but almost no detail. Make it smaller on your phone "
    "or computer first, or choose another photo."
)


def _flat_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent parts become white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _encode(image: Image.Image) -> bytes:
    out = io.BytesIO()
    # A fresh RGB image: no info dict, so no EXIF, ICC profile or comment is written.
    clean = Image.new("RGB", image.size)
    clean.paste(image)
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


def _fit(image: Image.Image, width: int, height: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((width, height), Image.Resampling.LANCZOS)
    return copy


def prepare(data: bytes, *, max_bytes: int, max_pixels: int) -> PreparedPhoto:
    """Check `data` and make the two stored sizes, or raise `PhotoRefused`."""
    if not data:
        raise PhotoRefused(EMPTY)
    if len(data) > max_bytes:
        raise PhotoRefused(too_large_message(max_bytes))
    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit refuses) for very large images; both are
        # a refusal here, and our own limit is checked first.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=ALLOWED_FORMATS)
        except UnidentifiedImageError as error:
            raise PhotoRefused(NOT_A_PHOTO) from error
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise PhotoRefused(too_many_pixels_message(max_pixels)) from error
        except Exception as error:  # any decoder failure on a resident's file
            raise PhotoRefused(BROKEN) from error
        with image:
            width, height = image.size
            # Read from the header: the pixels have not been decoded yet.
            if width * height > max_pixels:
                raise PhotoRefused(too_many_pixels_message(max_pixels))
            if min(width, height) < MIN_SIDE:
                raise PhotoRefused(TOO_SMALL)
            if width * height > SPARSE_FROM and width * height > MAX_PIXELS_PER_BYTE * len(data):
                raise PhotoRefused(TOO_SPARSE)
            try:
                if image.format == "JPEG":
                    # Decode a JPEG at a reduced scale when it is far larger than needed.
                    image.draft("RGB", (DISPLAY_SIZE, DISPLAY_SIZE))
                image.load()
                oriented = ImageOps.exif_transpose(image) or image
                pixels = _flat_rgb(oriented)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
                raise PhotoRefused(too_many_pixels_message(max_pixels)) from error
            except Exception as error:
                # "image file is truncated", a broken chunk, a bad EXIF block (struct.error,
                # IndexError, …): whatever the decoder says, the file is not usable.
                raise PhotoRefused(BROKEN) from error
    display = _fit(pixels, DISPLAY_SIZE, DISPLAY_SIZE)
    # The thumbnail from the display size when that is wide enough (the same picture, a
    # quarter of the pixels to read: a 12 Mpx phone photo is prepared ~20% faster); a very
    # tall or narrow picture, whose display size is narrower than a thumbnail, from all of
    # its pixels.
    source = display if display.width >= THUMBNAIL_WIDTH else pixels
    thumbnail = _fit(source, THUMBNAIL_WIDTH, THUMBNAIL_WIDTH * 4)
    return PreparedPhoto(
        display=_encode(display),
        display_size=display.size,
        thumbnail=_encode(thumbnail),
        thumbnail_size=thumbnail.size,
    )
