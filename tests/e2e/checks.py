"""What every page of a browser journey must pass: axe, the HTML checker, a weight budget."""

from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PAGE_WEIGHT_BUDGET = 250 * 1024  # bytes transferred: HTML, CSS, JS, fonts
SCREENSHOT_WIDTHS = (360, 1280)

_axe = Axe()


def _axe_violations(page) -> list[str]:
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    problems = []
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        problems.append(f"{violation['id']}: {violation['help']} at {targets}")
    return problems


def _html_errors(checker_url: str, html: str) -> list[str]:
    request = urllib.request.Request(
        checker_url + "?out=json",
        data=html.encode("utf-8"),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        messages = json.load(response)["messages"]
    return [
        f"line {m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


@dataclass
class PageChecker:
    base_url: str
    html_checker: str
    weights: dict
    artifacts: Path
    seen: set = field(default_factory=set)

    def url(self, path: str) -> str:
        return self.base_url + path

    def __call__(self, page, name: str, *, screenshot: bool = False) -> None:
        """Check what the page shows now (after a load, an htmx swap or a form error)."""
        page.wait_for_load_state("load")
        violations = _axe_violations(page)
        assert violations == [], f"{name}: axe found WCAG problems:\n" + "\n".join(violations)
        errors = _html_errors(self.html_checker, page.content())
        assert errors == [], f"{name}: the HTML checker found errors:\n" + "\n".join(errors)
        if screenshot:
            self.screenshot(page, name)

    def screenshot(self, page, name: str) -> None:
        folder = self.artifacts / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        original = page.viewport_size
        safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
        for width in SCREENSHOT_WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            page.screenshot(path=str(folder / f"{safe}-{width}.png"), full_page=True)
        page.set_viewport_size(original)

    def weigh(self, page, path: str, name: str) -> int:
        """Load `path` in a fresh cache state and record the bytes transferred."""
        responses = []

        def record(response):
            responses.append(response)

        page.on("response", record)
        page.goto(self.url(path))
        page.wait_for_load_state("networkidle")
        page.remove_listener("response", record)
        total = 0
        for response in responses:
            sizes = response.request.sizes()
            total += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        self.weights[name] = total
        return total
