"""Compression: pages and static files go out compressed, and no file handle is left open."""

from __future__ import annotations

import gc

import pytest


@pytest.fixture
def compressing_app(make_app):
    return make_app(COMPRESS_REGISTER=True)


def test_stylesheet_is_compressed_and_its_file_closed(compressing_app):
    client = compressing_app.test_client()
    response = client.get("/static/css/app.css", headers={"Accept-Encoding": "br, gzip"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    body = response.get_data()
    response.close()
    raw = (compressing_app.static_folder + "/css/app.css").encode()
    with open(raw, "rb") as stylesheet:
        assert 0 < len(body) < len(stylesheet.read())
    # An unclosed static file would surface here as a ResourceWarning (an error in this suite).
    gc.collect()


def test_page_is_compressed(compressing_app):
    client = compressing_app.test_client()
    response = client.get("/privacy", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
