"""The start document as a web page, a Markdown file and an accessible PDF."""

from __future__ import annotations

from flask import abort, make_response
from flask_login import current_user, login_required

from wijkplatform.core.permissions import ensure
from wijkplatform.team_design import permissions, queries, startdocument
from wijkplatform.team_design.views.common import LABELS, bp, load_neighbourhood, today


def _values(slug: str) -> dict:
    neighbourhood = load_neighbourhood(slug)
    ensure(permissions.can_view_worksheet(current_user, neighbourhood))
    design = queries.design_for(neighbourhood)
    if design is None:
        abort(404)
    return startdocument.context(design, today())


def _download(values, body, mimetype: str, extension: str):
    """A file to save: startdocument-<neighbourhood>-v<version>.<extension>."""
    name = f"startdocument-{values['neighbourhood'].slug}-v{values['design'].revision}"
    response = make_response(body)
    response.mimetype = mimetype
    response.headers["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@bp.route("/start-document")
@login_required
def start_document(slug: str):
    return startdocument.render_html(_values(slug), LABELS)


@bp.route("/start-document.md")
@login_required
def start_document_markdown(slug: str):
    values = _values(slug)
    return _download(values, startdocument.render_markdown(values, LABELS), "text/markdown", "md")


@bp.route("/start-document.pdf")
@login_required
def start_document_pdf(slug: str):
    values = _values(slug)
    return _download(values, startdocument.render_pdf(values, LABELS), "application/pdf", "pdf")
