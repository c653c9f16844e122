"""`/review/`: the municipality's view across its neighbourhoods."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, partial

from babel.numbers import NumberPattern, get_decimal_symbol, get_group_symbol, parse_pattern
from flask import Blueprint, Response, abort, render_template, request, stream_with_context
from flask_babel import format_decimal, format_percent, get_locale, gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup, escape

from wijkplatform.accounts.models import AGE_GROUP_LABELS, YEARS_HERE_LABELS
from wijkplatform.core import registries
from wijkplatform.core.permissions import ensure
from wijkplatform.neighbourhoods.queries import get_municipality_by_code
from wijkplatform.opgaven.models import ANSWER_LABELS
from wijkplatform.opgaven.models import STATUS_LABELS as OPGAVE_STATUS_LABELS
from wijkplatform.review import exports, queries, ranking
from wijkplatform.review.permissions import (
    can_view_review,
    reviewable_municipalities,
    shows_review_link,
)

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.record_once
def _provide_review_link(state) -> None:
    registries.provide_template_hook(
        state.app, "shows_review_link", lambda: shows_review_link(current_user)
    )


@dataclass
class ReviewFilters:
    """What the query string asks for; anything unknown is left out and said so."""

    municipality: object
    neighbourhood: object = None
    weeks: int = queries.DEFAULT_WEEKS
    ignored: list = field(default_factory=list)


def _filters(municipalities) -> ReviewFilters:
    args = request.args
    ignored = []
    code = (args.get("municipality") or "").strip().upper()
    by_code = {m.cbs_code: m for m in municipalities}
    municipality = by_code.get(code) if code else None
    if code and municipality is None and get_municipality_by_code(code) is not None:
        ensure(False)  # a municipality this person does not review
    if code and municipality is None:
        ignored.append(_l("There is no municipality with code “%(code)s”.", code=code[:20]))
    municipality = municipality or municipalities[0]
    filters = ReviewFilters(municipality, ignored=ignored)
    weeks = args.get("weeks")
    if weeks:
        if weeks in {str(n) for n in queries.WEEK_CHOICES}:
            filters.weeks = int(weeks)
        else:
            ignored.append(
                _l(
                    "“%(weeks)s” is not a period we show; we show %(default)d weeks.",
                    weeks=weeks[:20],
                    default=queries.DEFAULT_WEEKS,
                )
            )
    unknown = sorted(set(args) - {"municipality", "neighbourhood", "weeks"})
    if unknown:
        ignored.append(
            _l(
                "We do not know the filter “%(names)s” and left it out.",
                names=", ".join(name[:20] for name in unknown[:5]),
            )
        )
    return filters


@cache
def _pattern(text: str) -> NumberPattern:
    """Babel parses a number format on every call; the page formats a few hundred numbers
    with three formats (issue 18)."""
    return parse_pattern(text)


@cache
def _separators(locale: str) -> dict[int, str]:
    """The locale's group and decimal signs, to put in place of Python's "," and "."."""
    return {ord(","): get_group_symbol(locale), ord("."): get_decimal_symbol(locale)}


def _number(value: float, digits: int = 0, signs: dict[int, str] | None = None) -> str:
    """As babel's format_decimal with "#,##0" or "#,##0.0…" writes it, without babel's
    per-call work (a few hundred numbers a page, issue 18): Python formats the rounded
    number, the locale's signs are put in (`signs`: the request's, looked up once).
    Negative numbers (none on this page) go to babel."""
    rounded = round(value, digits)
    if rounded < 0:
        return format_decimal(
            rounded, format=_pattern("#,##0" + ("." + "0" * digits if digits else ""))
        )
    return f"{rounded:,.{digits}f}".translate(signs or _separators(str(get_locale())))


def _percent(share: float) -> str:
    return format_percent(share, format=_pattern("#,##0.0%"))


def _bar_figure(width: int, label, municipal: bool = False) -> Markup:
    """What the `bar_figure` macro (macros/tables.html) writes, the same characters, without
    a Jinja macro call for each of the page's five hundred bars (issue 18)."""
    return Markup(
        f'<span class="profile-bar{" profile-bar--municipal" if municipal else ""}"'
        f' aria-hidden="true"><span class="profile-bar__fill profile-bar__fill--w{escape(width)}">'
        f'</span></span><span class="profile-bar__number">{escape(label)}</span>'
    )


def _subject_rows(rows: dict[str, dict[str, int]], labels) -> Markup:
    """The rows of a neighbourhood's subjects table, in the order of the labels: the same
    characters the template's loop wrote, without a Jinja iteration and two calls for each
    of the page's five hundred rows (issue 18). The bars are relative to the neighbourhood's
    subject with the most contributions."""
    most = max(row["contributions"] for row in rows.values())
    return Markup(
        "".join(
            '\n              <tr class="utrecht-table__row"><th scope="row"'
            f' class="utrecht-table__header-cell">{escape(label)}</th>'
            '\n                <td class="utrecht-table__cell">'
            f"{_bar_figure(ranking.bar_step(row['contributions'], most), row['contributions'])}"
            '</td>\n                <td class="utrecht-table__cell">'
            f"{escape(row['supports'])}</td></tr>\n            "
            for key, label in labels.items()
            if (row := rows.get(key)) is not None
        )
    )


def _compare_cells(figures: queries.NeighbourhoodFigures, per_thousand: Markup, number) -> Markup:
    """A neighbourhood's four counts in the comparison, each with its number per 1,000
    inhabitants when the population is known: the characters the template's loop wrote
    (issue 18: 160 cells a page)."""
    cells = []
    for counter in queries.COUNTERS:
        cell = escape(figures.counts[counter])
        if figures.inhabitants:
            cell += " · " + per_thousand % {"n": number(figures.per_1000(counter), 1)}
        cells.append(f'\n            <td class="utrecht-table__cell">{cell}</td>\n          ')
    return Markup("".join(cells))


@bp.get("/")
def review_page():
    municipalities = reviewable_municipalities(current_user)
    ensure(bool(municipalities))
    filters = _filters(municipalities)
    municipality = filters.municipality
    ensure(can_view_review(current_user, municipality))

    neighbourhoods = queries.neighbourhoods_of(municipality)
    slug = request.args.get("neighbourhood")
    if slug:
        filters.neighbourhood = next((n for n in neighbourhoods if n.slug == slug), None)
        if filters.neighbourhood is None:
            filters.ignored.append(
                _l(
                    "There is no neighbourhood “%(slug)s” in %(name)s; we show all of them.",
                    slug=slug[:40],
                    name=municipality.name,
                )
            )
    ids = [n.id for n in neighbourhoods]
    figures = queries.overview(municipality, neighbourhoods)
    # The subjects per neighbourhood came with the totals (no second read of review_total).
    by_category = {f.neighbourhood.id: f.categories for f in figures if f.categories}
    weeks = queries.weekly(
        [filters.neighbourhood.id] if filters.neighbourhood else ids, weeks=filters.weeks
    )
    top_by_kind, top_by_category = queries.top_contributions(municipality.id)
    drafts = queries.drafts_waiting(ids)
    reactions = queries.draft_reactions(drafts)
    # Translated once; the comparison writes it four times per neighbourhood. As Jinja's
    # _() does: the translation is markup, the number put in is escaped.
    per_thousand = Markup(gettext("%(n)s per 1,000"))
    number = partial(_number, signs=_separators(str(get_locale())))
    return render_template(
        "review/review_page.html",
        filters=filters,
        municipalities=municipalities,
        municipality=municipality,
        neighbourhoods=neighbourhoods,
        figures=figures,
        by_category=by_category,
        weeks=weeks,
        week_choices=queries.WEEK_CHOICES,
        week_max=max([max(w.counts.values()) for w in weeks] + [1]),
        top_by_kind=top_by_kind,
        top_by_category=top_by_category,
        priorities=queries.category_priorities(figures, by_category),
        fair=queries.fair_ranking_lines(ids),
        drafts=drafts,
        reactions=reactions,
        who=queries.who_takes_part(neighbourhoods),
        min_group=queries.MIN_GROUP,
        age_group_labels=AGE_GROUP_LABELS,
        years_here_labels=YEARS_HERE_LABELS,
        answer_labels=ANSWER_LABELS,
        opgave_status_labels=OPGAVE_STATUS_LABELS,
        bar=ranking.bar_step,
        bar_figure=_bar_figure,
        subject_rows=_subject_rows,
        compare_cells=lambda figures: _compare_cells(figures, per_thousand, number),
        datasets=exports.DATASETS,
        number=number,
        percent=_percent,
        z=ranking.Z,
    )


# --- Open data exports (public data only, like the API) ----------------------------------

_SCOPES = {"municipality": exports.municipality_scope, "neighbourhood": exports.neighbourhood_scope}


def _scope_or_404(kind: str, key: str):
    finder = _SCOPES.get(kind)
    scope = finder(key) if finder else None
    if scope is None:
        abort(404)
    return scope


def _download(chunks, filename: str, mimetype: str) -> Response:
    response = Response(stream_with_context(chunks), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.get("/export/<kind>/<key>.json")
def export_json(kind: str, key: str):
    scope = _scope_or_404(kind, key)
    return _download(
        exports.json_chunks(scope), f"wijkplatform-{scope.key}.json", "application/json"
    )


@bp.get("/export/<kind>/<key>/<dataset>.csv")
def export_csv(kind: str, key: str, dataset: str):
    scope = _scope_or_404(kind, key)
    if dataset not in exports.DATASETS:
        abort(404)
    return _download(
        exports.csv_lines(scope, dataset),
        f"wijkplatform-{scope.key}-{dataset}.csv",
        "text/csv; charset=utf-8",
    )
