"""Photos on contributions (issue 20, item 7): up to three per contribution, each with an
alt text; checked and re-encoded with Pillow (images.py), stored under PHOTO_STORAGE_DIR
(storage.py), served by `contributions.photo` only to those who may see them, removed by a
neighbourhood worker with a reason (moderation) and with an erased account (personal_data)."""

from __future__ import annotations


def init_app(app) -> None:
    from PIL import Image

    from wijkplatform.contributions.photos import personal_data, storage

    # Pillow's own guard against decompression bombs, at our limit (images.prepare checks
    # the header first; this catches what the header did not say).
    Image.MAX_IMAGE_PIXELS = app.config["PHOTO_MAX_PIXELS"]
    storage.init_app(app)
    personal_data.init_app(app)
