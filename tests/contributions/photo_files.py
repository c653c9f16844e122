"""Photos made with Pillow for the tests: ordinary ones and hostile ones."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image

# A GPS position in Utrecht, written into the EXIF of a test photo.
GPS_TAG = 0x8825


def photo(size=(640, 480), fmt="JPEG", colour=(30, 120, 200), **save) -> bytes:
    out = io.BytesIO()
    mode = "RGBA" if fmt == "PNG" and save.pop("transparent", False) else "RGB"
    image = Image.new(mode, size, colour)
    # Something to look at, so the re-encoded file is not a flat colour.
    for x in range(0, size[0], 20):
        for y in range(0, min(size[1], 40)):
            image.putpixel((x, y), (250, 250, 0) if mode == "RGB" else (250, 250, 0, 255))
    image.save(out, fmt, **save)
    return out.getvalue()


def photo_with_gps(orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera make and (optionally) an
    orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_TAG)
    gps[1] = "N"
    gps[2] = (52.0, 5.0, 30.0)
    gps[3] = "E"
    gps[4] = (5.0, 7.0, 15.0)
    return photo(size=(600, 300), exif=exif.tobytes())


def png_bomb(width=20_000, height=20_000) -> bytes:
    """A tiny PNG whose header claims width x height pixels (400 megapixels): the pixels
    are never there, and must never be decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    row = b"\x00" + b"\x00" * (width * 3)
    compressed = zlib.compress(row * 4, 9)  # a few rows; the rest would be missing
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", compressed)


def jpeg_with_html() -> bytes:
    """A polyglot: a valid JPEG with an HTML page and a script appended."""
    return photo() + b"<html><script>alert(document.cookie)</script></html>"


SVG = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
    b'<script>alert(1)</script><rect width="100" height="100"/></svg>'
)
GIF = (
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00"
    b"\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
)
