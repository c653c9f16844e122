"""What every browser journey uses: check a page (axe, valid HTML, screenshots), measure
page weight, and look at keyboard focus.

A journey calls `audit.check(page, "register-error")` on every page it reaches, after every
form error and after every htmx swap; after an htmx action (support, follow, a reaction) it
calls `assert_htmx_result` (focus on the updated control or the new part, and the live region
announced the result). Console errors and CSP violations fail the test (`ConsoleLog`).
Screenshots are taken only when E2E_SCREENSHOTS=1 (into the git-ignored test-artifacts/).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urldefrag

from axe_playwright_python.sync_playwright import Axe

PROJECT_DIR = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_DIR / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
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
SCREENSHOT_WIDTHS = (360, 1280)
LAYOUT_WIDTHS = SCREENSHOT_WIDTHS  # every checked page is laid out at both widths


def screenshots_wanted() -> bool:
    """Screenshots cost time and disk: only when asked for (E2E_SCREENSHOTS=1)."""
    return os.environ.get("E2E_SCREENSHOTS", "") not in ("", "0")


# WCAG 2.1 level A and AA, nothing else (best-practice rules are not requirements).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}

_axe = Axe()


def vnu_jar() -> Path:
    return PROJECT_DIR / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


# --- the Nu Html Checker ---------------------------------------------------------------


class HtmlChecker:
    """The Nu Html Checker (vnu.jar) as a local HTTP service on 127.0.0.1: one JVM start
    for the whole session, then a few milliseconds per page."""

    def __init__(self) -> None:
        self.process: subprocess.Popen | None = None
        self.port = 0
        self.pages_checked = 0

    def start(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.process = subprocess.Popen(
            [
                "java",
                "-Xss16m",  # the schema compiler recurses deeply
                "-Dnu.validator.servlet.bind-address=127.0.0.1",
                "-cp",
                str(vnu_jar()),
                "nu.validator.servlet.Main",
                str(self.port),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def _wait_ready(self, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process and self.process.poll() is None, "the Nu Html Checker stopped"
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise AssertionError("the Nu Html Checker did not start in time")

    def errors(self, html: str) -> list[str]:
        """The checker's error messages for one document (warnings and info are left out)."""
        self._wait_ready()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}/?out=json",
            data=html.encode("utf-8"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            messages = json.load(response)["messages"]
        self.pages_checked += 1
        return [
            f"line {m.get('lastLine', '?')}: {m['message']} [{m.get('extract', '').strip()}]"
            for m in messages
            if m["type"] in {"error", "non-document-error"}
        ]

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# --- documents as the server sent them --------------------------------------------------


def track_documents(context) -> None:
    """Keep, per page, the last HTML document the server sent (after redirects, and for
    form posts too), so the HTML checker sees the server's markup rather than the DOM."""

    def remember(response):
        if response.request.resource_type == "document" and not 300 <= response.status < 400:
            try:
                html = response.text()
            except Exception:  # the page navigated on before the body could be read
                return
            response.frame.page._wp_document = (response.url, html)

    context.on("response", remember)


def server_html(page) -> str:
    url, html = getattr(page, "_wp_document", (None, None))
    # The #fragment never reaches the server: a redirect to /page#part is the document /page.
    assert url == urldefrag(page.url).url, f"no server HTML recorded for {page.url}"
    return html


# --- the audit: one call per page -------------------------------------------------------


_FAILED_LOAD = re.compile(r"^Failed to load resource: the server responded with a status of 4\d\d")
_SUBRESOURCES = {"script", "stylesheet", "image", "font", "media", "manifest"}


class ConsoleLog:
    """Every console error, uncaught page error and CSP violation in a test's browser
    contexts, and every script, style, image or font that did not load. Chromium reports a
    CSP violation ("Refused to execute inline script …") as a console error, so one list
    holds them all. A journey that provokes one on purpose says so with `allow`."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed: list[re.Pattern] = []

    def watch(self, context) -> None:
        def on_console(message):
            if message.type != "error":
                return
            # The browser logs every 4xx answer as "Failed to load resource". For a page or
            # an htmx request that is the app's own answer (a 404 page, a form with errors
            # is a 422): not an error of the page. Failing scripts, styles, images and
            # fonts are caught in on_response below, 5xx answers as well.
            if _FAILED_LOAD.search(message.text):
                return
            where = message.page.url if message.page else "?"
            self.errors.append(f"console error on {where}: {message.text}")

        def on_response(response):
            kind = response.request.resource_type
            if response.status >= 500 or (response.status >= 400 and kind in _SUBRESOURCES):
                self.errors.append(f"{kind} {response.url} answered {response.status}")

        context.on("console", on_console)
        context.on("response", on_response)
        context.on("weberror", lambda error: self.errors.append(f"page error: {error.error}"))

    def allow(self, pattern: str) -> None:
        self.allowed.append(re.compile(pattern))

    def unexpected(self) -> list[str]:
        return [e for e in self.errors if not any(p.search(e) for p in self.allowed)]

    def assert_clean(self, where: str = "") -> None:
        found = self.unexpected()
        assert not found, f"console errors{' ' + where if where else ''}:\n" + "\n".join(found)


class Audit:
    def __init__(
        self,
        checker: HtmlChecker,
        artifacts: Path,
        test_name: str,
        console: ConsoleLog | None = None,
    ) -> None:
        self.checker = checker
        self.artifacts = artifacts
        self.test_name = test_name
        self.console = console
        self.checked: list[str] = []

    def check(self, page, name: str, *, screenshots: bool = False, axe: bool = True) -> None:
        """Check the page as it is now: zero WCAG 2.1 A/AA violations (axe), no HTML errors
        (Nu Html Checker), the layout at 360 and 1280 px (nothing scrolls sideways, no text
        squeezed narrower than a word), no console errors or CSP violations so far and, for
        main pages (`screenshots=True`) when E2E_SCREENSHOTS=1, screenshots at both widths.

        `axe=False` only where JavaScript is off in the browser (axe runs as JavaScript);
        those pages are the same HTML the JavaScript journeys check with axe."""
        page.wait_for_load_state("load")
        lang = page.locator("html").get_attribute("lang") or "xx"
        label = f"{_slug(name)}-{lang}"
        if axe:
            assert_no_axe_violations(page, label)
        html = server_html(page)
        html_dir = self.artifacts / "html"
        html_dir.mkdir(parents=True, exist_ok=True)
        (html_dir / f"{label}.html").write_text(html, encoding="utf-8")
        errors = self.checker.errors(html)
        assert not errors, f"{label} ({page.url}) is not valid HTML:\n" + "\n".join(errors)
        folder = self.artifacts / "screenshots" if screenshots and screenshots_wanted() else None
        if axe:  # the layout check measures with JavaScript too
            check_layout(page, label, screenshots=folder)
        if self.console is not None:
            self.console.assert_clean(f"by {label}")
        self.checked.append(label)


def assert_no_axe_violations(page, label: str) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label} ({page.url}):\n{results.generate_report()}"


def check_layout(page, label: str, *, screenshots: Path | None = None) -> None:
    """At 360 and 1280 px wide: nothing scrolls sideways and no labelling text is squeezed;
    with a folder, a full-page screenshot at each width too. The viewport is restored."""
    original = page.viewport_size
    for width in LAYOUT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        if screenshots is not None:
            screenshots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(screenshots / f"{label}-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{label} scrolls sideways at {width} px ({overflow} px too wide)"
        assert_no_squeezed_text(page, f"{label} at {width} px")
    if original:
        page.set_viewport_size(original)


def save_screenshots(page, folder: Path, label: str) -> None:
    check_layout(page, label, screenshots=folder)


# Text that labels something (headings, labels, legends, table headers, summaries, the
# paragraphs of an alert) must not be narrower than a word: no word broken over two lines
# (more lines than words), no text running out of its box, and nothing of two or more words
# wrapped over lines in under MIN_TEXT_WIDTH px (a short label that fits on one line, like
# "Je wijk", may be narrower). A flex row that turns a heading into a column of letters fails.
MIN_TEXT_WIDTH = 60
SQUEEZED_TEXT = """(minWidth) => {
  const selector =
    'h1, h2, h3, h4, h5, h6, label, legend, th, summary, dt, .utrecht-alert p, button';
  const found = [];
  for (const el of document.querySelectorAll(selector)) {
    const text = (el.innerText || '').trim();
    if (!text || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    const rect = el.getBoundingClientRect();
    if (rect.width === 0 && rect.height === 0) continue;
    const words = text.split(/\\s+/).length;
    const range = document.createRange();
    range.selectNodeContents(el);
    const tops = [];
    for (const line of range.getClientRects()) {
      if (line.width < 1 || line.height < 1) continue;
      if (!tops.some(top => Math.abs(top - line.top) < line.height / 2)) tops.push(line.top);
    }
    const broken = style.hyphens !== 'auto' && tops.length > words;
    if (el.tagName === 'BUTTON') {  // buttons: only a word broken over two lines counts
      if (broken) found.push(`<button> "${text.slice(0, 40)}" breaks a word`);
      continue;
    }
    const overflowing = el.scrollWidth > el.clientWidth + 1 && style.overflowX === 'visible';
    const narrowWrapped = words > 1 && tops.length > 1 && rect.width < minWidth;
    if (broken || overflowing || narrowWrapped) {
      found.push(`<${el.tagName.toLowerCase()}> "${text.slice(0, 40)}" is ` +
        `${Math.round(rect.width)} px wide on ${tops.length} lines`);
    }
  }
  return found;
}"""


def squeezed_text(page) -> list[str]:
    """Labelling texts that are narrower than one of their words (or than MIN_TEXT_WIDTH)."""
    return page.evaluate(SQUEEZED_TEXT, MIN_TEXT_WIDTH)


def assert_no_squeezed_text(page, label: str) -> None:
    squeezed = squeezed_text(page)
    assert not squeezed, f"{label}: text squeezed narrower than a word:\n" + "\n".join(squeezed)


# --- page weight ---------------------------------------------------------------------


def transferred_bytes(page, url: str) -> dict[str, int]:
    """Load `url` with the browser cache off and add up the bytes that came over the wire
    (headers and compressed bodies), per resource type."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    types: dict[str, str] = {}
    totals: dict[str, int] = {}

    def on_response(event):
        types[event["requestId"]] = event["type"]

    def on_finished(event):
        kind = types.get(event["requestId"], "Other")
        totals[kind] = totals.get(kind, 0) + int(event["encodedDataLength"])

    cdp.on("Network.responseReceived", on_response)
    cdp.on("Network.loadingFinished", on_finished)
    page.goto(url, wait_until="networkidle")
    cdp.detach()
    return totals


# --- keyboard focus ------------------------------------------------------------------

FOCUS_INFO = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  const rect = el.getBoundingClientRect();
  return {
    tag: el.tagName.toLowerCase(), id: el.id, name: el.getAttribute('name'),
    href: el.getAttribute('href'), text: (el.innerText || el.value || '').trim().slice(0, 60),
    key: Array.from(document.querySelectorAll('*')).indexOf(el) + ' ' + el.outerHTML.slice(0, 160),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow, width: rect.width, height: rect.height,
  };
}"""

# A group of radio buttons is one Tab stop (the arrow keys move within it): count it once.
FOCUSABLE_COUNT = """() => {
  const shown = Array.from(document.querySelectorAll(
    'a[href], button:not([disabled]), input:not([type=hidden]):not([disabled]), select, ' +
    'textarea, summary, [tabindex]:not([tabindex="-1"])'
  )).filter(el => el.offsetParent !== null || el.getClientRects().length);
  const groups = new Set();
  return shown.filter(el => {
    if (el.type !== 'radio' || !el.name) return true;
    const key = (el.form ? el.form.action : '') + ' ' + el.name;
    if (groups.has(key)) return false;
    groups.add(key);
    return true;
  }).length;
}"""


def focused(page) -> dict | None:
    return page.evaluate(FOCUS_INFO)


def has_visible_focus(info: dict | None) -> bool:
    if not info or info["width"] <= 0 or info["height"] <= 0:
        return False
    outline = info["outlineStyle"] != "none" and info["outlineWidth"] >= 2
    shadow = info["boxShadow"] not in ("", "none")
    return outline or shadow


def tab_to(page, selector: str, *, max_tabs: int = 60) -> dict:
    """Press Tab until the element matching `selector` has focus; every stop on the way
    must show a visible focus indicator."""
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is not None:
            assert has_visible_focus(info), f"no visible focus indicator on {info['key']}"
        if page.evaluate("s => document.activeElement?.matches(s) ?? false", selector):
            return info
    raise AssertionError(f"{selector} not reached with {max_tabs} presses of Tab")


def assert_no_keyboard_trap(page) -> None:
    """Tab through the whole page: every focusable element is reached once per round, focus
    leaves the page's end and comes back to the start (no trap), and every stop is visible."""
    count = page.evaluate(FOCUSABLE_COUNT)
    page.evaluate("document.activeElement?.blur()")
    page.keyboard.press("Tab")
    first = focused(page)
    assert first is not None, "Tab does not reach anything"
    seen = [first["key"]]
    for _ in range(count + 3):
        page.keyboard.press("Tab")
        info = focused(page)
        if info is None:  # focus left the document: the browser's own UI comes next
            continue
        assert has_visible_focus(info), f"no visible focus indicator on {info['key']}"
        if info["key"] == first["key"]:
            break
        seen.append(info["key"])
    else:
        raise AssertionError(f"focus never came back to the start; stuck around {seen[-3:]}")
    assert len(set(seen)) >= count, f"reached {len(set(seen))} of {count} focusable elements"


# --- htmx actions ------------------------------------------------------------------


def wait_until(page, expression: str, timeout: float = 5.0) -> None:
    """Poll a JavaScript expression from Python (the CSP forbids the eval that Playwright's
    own wait_for_function uses in the page)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"not true in time: {expression}"
        page.wait_for_timeout(25)


def clear_announcer(page) -> None:
    """Empty the live region before an htmx action, so the next announcement is new."""
    page.evaluate("document.getElementById('live-announcer').textContent = ''")


def assert_htmx_result(page, focus: str, *, announced: bool = True) -> str:
    """After an htmx action: the focus is on the element matching `focus` (the updated
    control, the new reaction, the field with the error) and, with `announced`, the live
    region read out what happened. Returns the announcement."""
    selector = json.dumps(focus)
    wait_until(
        page,
        f"document.activeElement && document.activeElement !== document.body"
        f" && document.activeElement.matches({selector})",
    )
    message = ""
    if announced:
        wait_until(page, "document.getElementById('live-announcer').textContent.trim().length > 0")
        message = page.locator("#live-announcer").inner_text().strip()
        region = page.locator("#live-announcer")
        assert region.get_attribute("aria-live") in ("polite", "assertive") or region.get_attribute(
            "role"
        ) in ("status", "alert"), "the announcer is not a live region"
    return message
