"""What the neighbourhood page shows of its area profile: key figures beside the municipality's,
bars, the change since the year before, and differences that stand out, in words.

Pure calculation on loaded profiles (no queries); numbers are formatted for the current
language, so call it while a request (or `force_locale`) is active.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import format_decimal
from flask_babel import lazy_gettext as _l

from wijkplatform.neighbourhoods.indicators import (
    CATEGORY_LABELS,
    INDICATORS,
    SOURCE_LABELS,
    Category,
    Indicator,
    Status,
    Unit,
)

# A neighbourhood figure stands out at 1.5 times, or two thirds, of the municipal figure.
HIGH_RATIO, LOW_RATIO = 1.5, 2 / 3


def format_value(value: float, unit: Unit) -> str:
    if unit == Unit.COUNT:
        return format_decimal(value, "#,##0")
    if unit == Unit.PERCENT:
        return format_decimal(value, "#,##0.#") + "%"
    if unit == Unit.PER_1000:
        return str(_l("%(value)s per 1,000 inhabitants", value=format_decimal(value, "#,##0.#")))
    if unit == Unit.THOUSAND_EURO:
        return "€ " + format_decimal(value * 1000, "#,##0")
    if unit == Unit.KM:
        return format_decimal(value, "#,##0.0") + " km"
    if unit == Unit.PER_KM2:
        return format_decimal(value, "#,##0")
    return format_decimal(value, "#,##0.0#")


def bar_step(value: float | None, maximum: float = 100) -> int:
    """Bar width in steps of 5 (0 to 100) for CSS classes: the page has no inline styles."""
    if value is None or maximum <= 0:
        return 0
    share = max(0.0, min(1.0, value / maximum))
    return round(share * 20) * 5


@dataclass(frozen=True)
class Figure:
    """One cell: a formatted number, or why there is none. Never a secret number."""

    value: float | None
    text: str
    status: str  # "ok", "secret", "missing"

    @property
    def known(self) -> bool:
        return self.status == Status.OK.value


NO_FIGURE = Figure(None, "", Status.MISSING.value)


def _figure(indicator: Indicator, stored) -> Figure:
    if stored is None:
        return Figure(None, str(_l("not available")), Status.MISSING.value)
    if stored.status == Status.OK and stored.value is not None:
        return Figure(stored.value, format_value(stored.value, indicator.unit), Status.OK.value)
    if stored.status == Status.SECRET:
        return Figure(None, str(_l("not published by CBS")), "secret")
    return Figure(None, str(_l("not available")), Status.MISSING.value)


@dataclass
class Row:
    indicator: Indicator
    here: Figure
    municipal: Figure
    previous: Figure
    previous_year: int | None
    bar: int = 0
    municipal_bar: int = 0
    trend: str = ""


@dataclass
class Highlight:
    text: str
    concern: bool  # True: points to a problem; False: a strength


@dataclass
class ProfileSummary:
    year: int
    source_label: object
    source_file: str
    municipality_name: str
    has_municipal: bool
    groups: list[tuple[object, list[Row]]] = field(default_factory=list)
    highlights: list[Highlight] = field(default_factory=list)
    years: list[int] = field(default_factory=list)


def _trend(indicator: Indicator, here: Figure, previous: Figure, year: int | None) -> str:
    if not (here.known and previous.known) or year is None:
        return ""
    if abs(here.value - previous.value) < 1e-9:
        return str(_l("same as in %(year)d", year=year))
    if here.value > previous.value:
        return str(_l("up from %(value)s in %(year)d", value=previous.text, year=year))
    return str(_l("down from %(value)s in %(year)d", value=previous.text, year=year))


def highlight(indicator: Indicator, here: Figure, municipal: Figure, municipality: str):
    """A sentence when the neighbourhood clearly differs from its municipality, else None.

    Only for shares and rates where "higher" means something (higher_is_worse is set).
    """
    if indicator.higher_is_worse is None or indicator.unit not in {Unit.PERCENT, Unit.PER_1000}:
        return None
    if not (here.known and municipal.known) or municipal.value <= 0:
        return None
    ratio = here.value / municipal.value
    if LOW_RATIO < ratio < HIGH_RATIO:
        return None
    values = {
        "label": indicator.label,
        "value": here.text,
        "municipal": municipal.text,
        "municipality": municipality,
    }
    if ratio >= 2.5:
        text = _l(
            "%(label)s: %(value)s here, about %(times)s times the figure for %(municipality)s "
            "(%(municipal)s).",
            times=format_decimal(round(ratio)),
            **values,
        )
    elif ratio >= 1.8:
        text = _l(
            "%(label)s: %(value)s here, about twice the figure for %(municipality)s "
            "(%(municipal)s).",
            **values,
        )
    elif ratio >= HIGH_RATIO:
        text = _l(
            "%(label)s: %(value)s here, clearly more than in %(municipality)s as a whole "
            "(%(municipal)s).",
            **values,
        )
    elif ratio <= 0.4:
        text = _l(
            "%(label)s: %(value)s here, less than half the figure for %(municipality)s "
            "(%(municipal)s).",
            **values,
        )
    elif ratio <= 0.55:
        text = _l(
            "%(label)s: %(value)s here, about half the figure for %(municipality)s "
            "(%(municipal)s).",
            **values,
        )
    else:
        text = _l(
            "%(label)s: %(value)s here, clearly less than in %(municipality)s as a whole "
            "(%(municipal)s).",
            **values,
        )
    return Highlight(str(text), concern=(ratio > 1) == bool(indicator.higher_is_worse))


def summarise(neighbourhood, profiles) -> ProfileSummary | None:
    """The latest year's profile of `neighbourhood`, compared with its municipality and with
    its previous year. `profiles` holds the profiles of both codes, values loaded."""
    own = sorted(
        (p for p in profiles if p.region_code == neighbourhood.cbs_code), key=lambda p: p.year
    )
    if not own:
        return None
    latest = own[-1]
    previous = own[-2] if len(own) > 1 else None
    municipal = next(
        (
            p
            for p in profiles
            if p.region_code == neighbourhood.municipality.cbs_code and p.year == latest.year
        ),
        None,
    )
    municipality_name = neighbourhood.municipality.name
    here_values = latest.value_map()
    municipal_values = municipal.value_map() if municipal else {}
    previous_values = previous.value_map() if previous else {}
    summary = ProfileSummary(
        year=latest.year,
        source_label=SOURCE_LABELS[latest.source],
        source_file=latest.source_file,
        municipality_name=municipality_name,
        has_municipal=municipal is not None,
        years=[p.year for p in own],
    )
    groups: dict[Category, list[Row]] = {}
    for indicator in INDICATORS.values():
        if indicator.key not in here_values or not indicator.key_figure:
            continue
        here = _figure(indicator, here_values.get(indicator.key))
        if here.status == Status.MISSING.value:
            continue  # not in this year's file: leave the line out rather than show a blank
        muni = _figure(indicator, municipal_values.get(indicator.key)) if municipal else NO_FIGURE
        before = _figure(indicator, previous_values.get(indicator.key)) if previous else NO_FIGURE
        row = Row(indicator, here, muni, before, previous.year if previous else None)
        if indicator.unit == Unit.PERCENT:
            row.bar, row.municipal_bar = bar_step(here.value), bar_step(muni.value)
        elif indicator.unit == Unit.PER_1000:
            top = max(v for v in (here.value, muni.value, 0) if v is not None)
            row.bar, row.municipal_bar = bar_step(here.value, top), bar_step(muni.value, top)
        row.trend = _trend(indicator, here, before, row.previous_year)
        groups.setdefault(indicator.category, []).append(row)
        found = highlight(indicator, here, muni, municipality_name)
        if found:
            summary.highlights.append(found)
    summary.groups = [(CATEGORY_LABELS[category], rows) for category, rows in groups.items()]
    summary.highlights.sort(key=lambda h: not h.concern)
    return summary
