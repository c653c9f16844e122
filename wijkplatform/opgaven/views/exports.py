"""An Opgave as a printable page and as a Markdown file."""

from __future__ import annotations

from flask import make_response, render_template

from wijkplatform.opgaven import queries, services
from wijkplatform.opgaven.views.common import LABELS, bp, load_opgave


def _export_context(opgave):
    return {
        "opgave": opgave,
        "version": services.latest_version(opgave),
        "evidence": queries.evidence(opgave),
        "results": queries.reaction_results(opgave),
        "residents_reacted": queries.residents_reacted(opgave),
        "decisions": queries.decisions(opgave),
        **LABELS,
    }


@bp.route("/opgaven/<int:opgave_id>/print")
def print_page(opgave_id: int):
    return render_template("opgaven/opgave_print.html", **_export_context(load_opgave(opgave_id)))


@bp.route("/opgaven/<int:opgave_id>/export.md")
def markdown(opgave_id: int):
    opgave = load_opgave(opgave_id)
    text = render_template("opgaven/opgave_export.md.txt", **_export_context(opgave))
    response = make_response(text)
    response.mimetype = "text/markdown"
    response.headers["Content-Disposition"] = f'attachment; filename="opgave-{opgave.id}.md"'
    return response
