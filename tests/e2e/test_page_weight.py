"""Page weight: what a resident's phone downloads for each page on a first visit (browser
cache off), compressed as the server sends it: HTML, CSS, JavaScript, fonts, images."""

from __future__ import annotations

from tests.e2e.harness import transferred_bytes
from tests.e2e.steps import ADMIN, log_in

BUDGET = 250 * 1024  # bytes, for the heaviest page

PUBLIC_PAGES = [
    "/",
    "/neighbourhoods/",
    "/neighbourhoods/oude-haven/",
    "/neighbourhoods/oude-haven/contributions/",
    "/account/register",
    "/account/login",
    "/privacy",
    "/toegankelijkheid",
    "/neighbourhoods/bestaat-niet/",
    "/opgaven/1",  # the demo's accepted Opgave: the longest page of the journeys
    "/opgaven/1/versions/2/compare",
    "/opgaven/1/print",
    "/neighbourhoods/oude-haven/team-design/",  # the demo's published team design
    "/api/v1/openapi.json",
]
SIGNED_IN_PAGES = ["/account/", "/account/password", "/admin/places/", "/admin/profiles/"]


def test_heaviest_page_stays_under_250_kb(page, artifacts):
    weights = {url: transferred_bytes(page, url) for url in PUBLIC_PAGES}
    log_in(page, ADMIN["email"], ADMIN["password"])
    weights.update({url: transferred_bytes(page, url) for url in SIGNED_IN_PAGES})

    kinds = sorted({kind for totals in weights.values() for kind in totals})
    lines = ["page weight, bytes transferred on a first visit (compressed)", ""]
    lines.append(f"{'page':<32}" + "".join(f"{kind:>12}" for kind in kinds) + f"{'total':>12}")
    for url, totals in weights.items():
        cells = "".join(f"{totals.get(kind, 0):>12,}" for kind in kinds)
        lines.append(f"{url:<32}{cells}{sum(totals.values()):>12,}")
    report = "\n".join(lines)
    (artifacts / "page-weights.txt").write_text(report + "\n", encoding="utf-8")

    heaviest = max(weights, key=lambda url: sum(weights[url].values()))
    total = sum(weights[heaviest].values())
    assert total < BUDGET, f"{heaviest} weighs {total:,} bytes (budget {BUDGET:,})\n{report}"
    # The stylesheet must arrive compressed: raw it alone is over 400 kB.
    assert all(totals.get("Stylesheet", 0) < 100_000 for totals in weights.values()), report
    assert all(sum(totals.values()) > 0 for totals in weights.values()), report
