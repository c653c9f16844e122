"""Browser tests: the real app on 127.0.0.1, driven by Debian's Chromium through Playwright.

The server runs production-like settings (CSRF on, compression on) on its own SQLite file
loaded with the demo, so journeys see the same platform a new user sees after `make run`.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from tests.e2e.checks import PageChecker

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"
E2E_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """The app with the demo loaded, served by a real threaded HTTP server."""
    from flask_migrate import upgrade

    import config
    from wijkplatform import create_app
    from wijkplatform.demo import load_demo
    from wijkplatform.extensions import db

    database = tmp_path_factory.mktemp("e2e") / "e2e.sqlite"
    settings = {
        key: getattr(config.TestConfig, key) for key in dir(config.TestConfig) if key.isupper()
    }
    settings.update(
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
        WTF_CSRF_ENABLED=True,
        COMPRESS_REGISTER=True,
        RATELIMIT_ENABLED=False,  # journeys log in many times from one address
        TESTING=False,
    )
    app = create_app(settings)
    with app.app_context():
        upgrade()
        load_demo(echo=lambda _: None)
        # Admins must log in with a TOTP code: give the demo admin a key the tests know.
        from wijkplatform.accounts.services import find_user_by_email

        find_user_by_email("beheer@lindenhoven.example").totp_secret = E2E_TOTP_SECRET
        db.session.commit()
        db.engine.dispose()
    server = make_server("127.0.0.1", _free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def html_checker():
    """The Nu Html Checker (vnu.jar) as a local HTTP service, started once per run."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.fail("The Nu Html Checker needs Java and node_modules/vnu-jar (make assets).")
    port = _free_port()
    process = subprocess.Popen(
        [java, "-Xss16m", "-cp", str(VNU_JAR), "nu.validator.servlet.Main", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=1).close()
            break
        except OSError:
            time.sleep(0.25)
    else:
        process.kill()
        pytest.fail("The Nu Html Checker did not start within 60 s")
    yield url
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def page_weights():
    return {}


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield context
    context.close()


@pytest.fixture
def page(context):
    return context.new_page()


@pytest.fixture
def check(live_server, html_checker, page_weights):
    """check(page, name): axe (WCAG 2.1 A/AA), HTML validity, weight, and screenshots."""
    return PageChecker(
        base_url=live_server,
        html_checker=html_checker,
        weights=page_weights,
        artifacts=ARTIFACTS,
    )
