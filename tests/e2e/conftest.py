"""Browser suite: the real app on 127.0.0.1, Debian's Chromium driven by Playwright.

Session-wide: one migrated SQLite database with the demo loaded, one werkzeug server in a
thread (CSRF on, compression on, as in production), one Chromium, one Nu Html Checker.
Per test: a fresh browser context (own cookies), Dutch unless the test switches.

Journeys run in Dutch and English and at 360 and 1280 px: a test that takes the `lang` and
`width` arguments is parametrised here (see VARIANTS), its browser window is `width` wide and
it switches to `lang` itself. Every page it checks is laid out at both widths. Console errors
and CSP violations fail the test (`console_log`).

Adding a journey: take the `page`, `audit`, `lang` and `width` fixtures, walk the pages, and
call `audit.check(page, "name")` on each page (axe + HTML validity + layout + console; see
tests/e2e/harness.py and docs/browser-tests.md).
"""

from __future__ import annotations

import itertools
import logging
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ARTIFACTS,
    CHROMIUM,
    CHROMIUM_ARGS,
    Audit,
    ConsoleLog,
    HtmlChecker,
    track_documents,
    vnu_jar,
)
from tests.e2e.steps import ADMIN, ADMIN_TOTP_SECRET

E2E_DIR = Path(__file__).resolve().parent


def _skip_reason() -> str | None:
    if os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"):
        return (
            "the browser suite runs once, in the SQLite pass of `make test`; it has its own "
            "server and database, so the PostgreSQL pass would only repeat it"
        )
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"{CHROMIUM} (apt-get install -y chromium)")
    if not shutil.which("java"):
        missing.append("java (apt-get install -y default-jre-headless)")
    if not vnu_jar().exists():
        missing.append(f"{vnu_jar()} (npm ci)")
    if missing:
        if os.environ.get("CI"):
            raise pytest.UsageError("CI must run the browser suite; missing: " + ", ".join(missing))
        return "browser suite needs " + ", ".join(missing)
    return None


LANGUAGES = ("nl", "en")
WIDTHS = (360, 1280)


def variants() -> list[tuple[str, int]]:
    """The (language, width) pairs each journey is walked in: all four, as make test and CI
    run it. E2E_QUICK=1 walks each language once and each width once, crosswise (the phone
    in Dutch, the wide screen in English), for a quicker run while working on a journey."""
    if os.environ.get("E2E_QUICK", "") not in ("", "0"):
        return [("nl", 360), ("en", 1280)]
    return [(lang, width) for lang in LANGUAGES for width in WIDTHS]


def pytest_generate_tests(metafunc):
    names = metafunc.fixturenames
    if "lang" in names and "width" in names:
        metafunc.parametrize(
            ("lang", "width"), variants(), ids=[f"{lang}-{width}" for lang, width in variants()]
        )
    elif "lang" in names:
        metafunc.parametrize("lang", LANGUAGES)
    elif "width" in names:
        metafunc.parametrize("width", WIDTHS)


def pytest_collection_modifyitems(config, items):
    reason = _skip_reason()
    for item in items:
        if E2E_DIR in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


# --- the server ------------------------------------------------------------------------


def live_config(database_url: str) -> dict:
    import config

    settings = {
        key: getattr(config.TestConfig, key) for key in dir(config.TestConfig) if key.isupper()
    }
    settings.update(
        SQLALCHEMY_DATABASE_URI=database_url,
        TESTING=False,  # errors render the app's own error pages, as in production
        WTF_CSRF_ENABLED=True,
        COMPRESS_REGISTER=True,  # page weight is measured as residents get it
        # The limiter stays on; the limits are raised because the whole suite registers
        # and logs in from one address.
        REGISTER_RATE_LIMIT="1000 per hour",
        LOGIN_RATE_LIMIT="1000 per minute",
    )
    return settings


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    from flask_migrate import upgrade

    from wijkplatform import create_app
    from wijkplatform.demo import load_demo
    from wijkplatform.extensions import db

    database = tmp_path_factory.mktemp("e2e-db") / "browser.sqlite"
    settings = live_config(f"sqlite:///{database}")
    settings["PHOTO_STORAGE_DIR"] = str(tmp_path_factory.mktemp("e2e-photos"))
    app = create_app(settings)
    with app.app_context():
        upgrade()
        load_demo(echo=lambda _line: None)
        # Admins log in with a TOTP code: give the demo admin a key the steps know.
        from wijkplatform.accounts.services import find_user_by_email

        find_user_by_email(ADMIN["email"]).totp_secret = ADMIN_TOTP_SECRET
        db.session.commit()
        db.session.remove()
    return app


@pytest.fixture(scope="session")
def live_url(live_app):
    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, live_app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)
    with live_app.app_context():
        from wijkplatform.extensions import db

        db.engine.dispose()


# --- the browser and the checker ----------------------------------------------------


@pytest.fixture(scope="session")
def html_checker():
    checker = HtmlChecker()
    checker.start()  # the JVM warms up while Chromium and the app start
    _checkers.append(checker)
    yield checker
    checker.stop()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance):
    browser = playwright_instance.chromium.launch(
        executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
    )
    yield browser
    browser.close()


@pytest.fixture(scope="session")
def artifacts():
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def console_log():
    """Console errors and CSP violations of every context the test opens."""
    log = ConsoleLog()
    yield log
    log.assert_clean("after the test")


@pytest.fixture
def new_context(browser, live_url, console_log, request):
    """Open extra browser contexts (e.g. without JavaScript); all are closed afterwards.
    They are as wide as the test's `width` (1280 px when it has none)."""
    contexts = []
    width = request.getfixturevalue("width") if "width" in request.fixturenames else 1280

    def open_context(**options):
        options.setdefault("viewport", {"width": width, "height": 900})
        context = browser.new_context(base_url=live_url, locale="nl-NL", **options)
        context.set_default_timeout(10_000)
        track_documents(context)
        console_log.watch(context)
        contexts.append(context)
        return context

    yield open_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def audit(html_checker, artifacts, request, console_log):
    return Audit(html_checker, artifacts, test_name=request.node.name, console=console_log)


_unique = itertools.count(1)


@pytest.fixture
def unique():
    """A short suffix that no other test in this run uses (e-mail addresses, codes)."""
    return f"{os.getpid() % 1000:03d}{next(_unique):03d}"


_session_started = time.time()
_checkers: list[HtmlChecker] = []


def pytest_terminal_summary(terminalreporter):
    for checker in _checkers:
        terminalreporter.write_sep(
            "-", f"browser suite: {checker.pages_checked} page states passed the HTML checker"
        )
    report = ARTIFACTS / "page-weights.txt"
    if report.exists() and report.stat().st_mtime >= _session_started:
        terminalreporter.write_sep("-", "page weight (test-artifacts/page-weights.txt)")
        terminalreporter.write_line(report.read_text(encoding="utf-8"))
