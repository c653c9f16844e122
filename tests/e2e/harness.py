"""What every browser journey uses: check a page (axe, valid HTML, screenshots), measure
page weight, and look at keyboard focus.

A journey calls `audit.check(page, "register-error")` on every page it reaches, after every
form error, and (once htmx lands) after every swap.
"""

from __future__ import annotations

import json
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


class Audit:
    def __init__(self, checker: HtmlChecker, artifacts: Path, test_name: str) -> None:
        self.checker = checker
        self.artifacts = artifacts
        self.test_name = test_name
        self.checked: list[str] = []

    def check(self, page, name: str, *, screenshots: bool = False, axe: bool = True) -> None:
        """Check the page as it is now: zero WCAG 2.1 A/AA violations (axe), no HTML errors
        (Nu Html Checker) and, for main pages, screenshots at 360 and 1280 px.

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
        if screenshots:
            save_screenshots(page, self.artifacts / "screenshots", label)
        self.checked.append(label)


def assert_no_axe_violations(page, label: str) -> None:
    results = _axe.run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"{label} ({page.url}):\n{results.generate_report()}"


def save_screenshots(page, folder: Path, label: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width in SCREENSHOT_WIDTHS:
        page.set_viewport_size({"width": width, "height": 800})
        page.screenshot(path=str(folder / f"{label}-{width}.png"), full_page=True)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{label} scrolls sideways at {width} px ({overflow} px too wide)"
    if original:
        page.set_viewport_size(original)


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
