"""The start document: what the instrument says to record after the six blocks. One context
for three formats (HTML, Markdown, PDF); the PDF is tagged PDF/UA-1 with the document
language set, so screen readers can read it (public-sector documents must be accessible)."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template
from flask_babel import get_locale

from wijkplatform.neighbourhoods import queries as neighbourhood_queries
from wijkplatform.neighbourhoods.profile_summary import summarise
from wijkplatform.opgaven import queries as opgave_queries
from wijkplatform.team_design import hints, queries
from wijkplatform.team_design.questions import TEAM_FORM_EXPLANATIONS

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "start-document.css"


def context(design, today) -> dict:
    """Everything the start document shows, read once."""
    neighbourhood = design.neighbourhood
    linked = queries.linked_opgaven(design)
    progress = queries.progress(design, linked)
    return {
        "neighbourhood": neighbourhood,
        "design": design,
        "today": today,
        "summary": summarise(neighbourhood, neighbourhood_queries.area_profiles_for(neighbourhood)),
        "linked": linked,
        "evidence": {item.opgave.id: opgave_queries.evidence(item.opgave) for item in linked},
        "opgave_choices": queries.opgave_choices(linked),
        "progress": progress,
        "overall": queries.overall(progress),
        "hints": hints.hints_for(queries.facts_of(design, linked)),
        "actions": queries.actions(design),
        "team_form_explanations": TEAM_FORM_EXPLANATIONS,
    }


def render_html(values: dict, labels: dict, *, for_pdf: bool = False) -> str:
    return render_template(
        "team_design/start_document.html",
        for_pdf=for_pdf,
        lang=str(get_locale()),
        **values,
        **labels,
    )


def render_markdown(values: dict, labels: dict) -> str:
    return render_template("team_design/start_document.md.txt", **values, **labels)


def render_pdf(values: dict, labels: dict) -> bytes:
    from weasyprint import CSS, HTML

    html = render_html(values, labels, for_pdf=True)
    return HTML(string=html, base_url=current_app.root_path).write_pdf(
        stylesheets=[CSS(filename=str(STYLESHEET))],
        pdf_variant="pdf/ua-1",
        pdf_tags=True,
    )
