"""A starting text for "key characteristics" from the area analysis: the key figures beside
the municipality's, what stands out, with source and year. The moderator edits it."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.neighbourhoods.profile_summary import summarise


@dataclass(frozen=True)
class ProfileText:
    text: str
    year: int
    source: str


def key_figures_text(neighbourhood) -> ProfileText | None:
    """Markdown with the latest key figures of `neighbourhood`, or None without a profile."""
    summary = summarise(neighbourhood, neighbourhood_queries.area_profiles_for(neighbourhood))
    if summary is None:
        return None
    source = str(summary.source_label)
    lines = [
        _("Key figures %(year)d (source: %(source)s, %(year)d):", year=summary.year, source=source),
        "",
    ]
    for category, rows in summary.groups:
        lines.append(f"**{category}**")
        lines.append("")
        for row in rows:
            if not row.here.known:
                continue  # secret or missing: never shown, not even as a blank
            line = f"- {row.indicator.label}: {row.here.text}"
            if row.municipal.known:
                line += " " + _(
                    "(%(municipality)s: %(value)s)",
                    municipality=summary.municipality_name,
                    value=row.municipal.text,
                )
            lines.append(line)
        lines.append("")
    if summary.highlights:
        lines.append(f"**{_('What stands out')}**")
        lines.append("")
        lines.extend(f"- {item.text}" for item in summary.highlights)
        lines.append("")
    return ProfileText("\n".join(lines).strip(), summary.year, source)


def has_profile(neighbourhood) -> bool:
    return bool(neighbourhood.cbs_code) and any(
        p.region_code == neighbourhood.cbs_code
        for p in neighbourhood_queries.area_profiles_for(neighbourhood)
    )
