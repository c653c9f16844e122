"""Photos made with Pillow for the tests: ordinary ones and hostile ones."""

from __future__ import annotations

import io
import struct
import zipfile
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


def _gps_exif(orientation: int | None = None) -> bytes:
    """EXIF with a GPS position, a camera make and (optionally) an orientation."""
    exif = Image.Exif()
    exif[0x010F] = "Telefoonmerk"  # Make
    if orientation is not None:
        exif[0x0112] = orientation
    gps = exif.get_ifd(GPS_TAG)
    gps[1] = "N"
    gps[2] = (52.0, 5.0, 30.0)
    gps[3] = "E"
    gps[4] = (5.0, 7.0, 15.0)
    return exif.tobytes()


def photo_with_gps(orientation: int | None = None) -> bytes:
    """A JPEG whose EXIF holds a GPS position, a camera make and (optionally) an
    orientation."""
    return photo(size=(600, 300), exif=_gps_exif(orientation))


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


# --- Hostile files for the upload fuzzing (issue 20, "Done when") -------------------------

SCRIPT = b"<html><script>alert(document.cookie)</script></html>"


# The same position as XMP, which a phone may write beside the EXIF.
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="52,5.5N" '
    b'exif:GPSLongitude="5,7.25E"/></rdf:RDF></x:xmpmeta>'
)


def webp_with_gps(orientation: int | None = None) -> bytes:
    """A WebP whose EXIF and XMP hold a GPS position (and optionally an orientation)."""
    return photo(size=(600, 300), fmt="WEBP", exif=_gps_exif(orientation), xmp=XMP)


def jpeg_with_gps_and_xmp() -> bytes:
    return photo(size=(600, 300), exif=_gps_exif(), xmp=XMP)


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small, complete JPEG whose frame header (SOF) claims width x height pixels."""
    data = bytearray(photo(size=(64, 64)))
    at = 2
    while data[at + 1] not in (0xC0, 0xC1, 0xC2):
        at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def webp_declaring(width: int, height: int) -> bytes:
    """A small WebP whose extended header (VP8X) claims a width x height canvas."""
    frame = photo(size=(64, 64), fmt="WEBP")[12:]  # the VP8 chunk, after "RIFF....WEBP"
    canvas = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    body = b"WEBP" + b"VP8X" + struct.pack("<I", 10) + b"\x00" * 4 + canvas + frame
    return b"RIFF" + struct.pack("<I", len(body)) + body


def flat(size, fmt: str, **save) -> bytes:
    """A complete picture of one colour: valid, and a few kilobytes for millions of pixels
    (a lossless WebP of 6300 x 6300 is 1.5 kB)."""
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, fmt, **save)
    return out.getvalue()


def png_with_zip_after_iend() -> bytes:
    """A PNG with a zip archive (holding an HTML page) appended after its IEND chunk."""
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("index.html", SCRIPT)
    return photo(fmt="PNG") + archive.getvalue() + SCRIPT


def jpeg_with_html_comment() -> bytes:
    """A JPEG with an HTML page and script in a COM segment, right after SOI."""
    data = photo()
    return data[:2] + b"\xff\xfe" + struct.pack(">H", len(SCRIPT) + 2) + SCRIPT + data[2:]


# A GIF that is also JavaScript: "GIF89a/*" starts a comment the trailer closes, and the
# header's width bytes are "/*".
GIF_JS = (
    b"GIF89a/*\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff,\x00\x00\x00\x00\x01\x00\x01"
    b"\x00\x00\x02\x02D\x01\x00;*/=alert(document.cookie);"
)
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
