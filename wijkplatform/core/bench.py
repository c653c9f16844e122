"""Bench mode (BENCH=1, never in production): SQL statements per request in a response
header, and two baseline routes that touch no database.

`X-Query-Count` counts the statements the request's own engine ran between the start and
the end of the request; the load generator in bench/ reads it. The baselines give the
throughput of Flask alone (`/_bench/static`) and of Flask plus a template as large as a
contribution list page (`/_bench/template`), so results compare across machines.
"""

from __future__ import annotations

from contextvars import ContextVar
from datetime import UTC, datetime

from flask import Blueprint, Flask, render_template
from sqlalchemy import event

_statements: ContextVar[list | None] = ContextVar("bench_statements", default=None)

bp = Blueprint("bench", __name__, url_prefix="/_bench")

# As many cards as a list page shows (queries.PAGE_SIZE), with text of a similar length.
BASELINE_ITEMS = [
    {
        "id": number,
        "kind": ("issue", "resource", "potential")[number % 3],
        "title": f"Voorbeeldbijdrage {number} over ontmoeting en buurthulp in de wijk",
        "excerpt": "Veel bewoners willen elkaar vaker zien. " * 6,
        "categories": ["Ontmoeting en sociaal contact", "Vrijwilligerswerk"],
        "support_count": 1000 - number,
        "comment_count": number * 3,
        "author": f"Bewoner {number}",
        "created_at": datetime(2026, 11, 1, tzinfo=UTC),
    }
    for number in range(20)
]


@bp.route("/static")
def static_string():
    return "ok"


@bp.route("/template")
def template():
    return render_template("bench/baseline_list.html", items=BASELINE_ITEMS)


def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    statements = _statements.get()
    if statements is not None:
        statements.append(statement)


def init_app(app: Flask) -> None:
    if not app.config.get("BENCH"):
        return
    app.register_blueprint(bp)

    @app.before_request
    def _start_counting() -> None:
        _statements.set([])

    @app.after_request
    def _report_count(response):
        statements = _statements.get()
        if statements is not None:
            response.headers["X-Query-Count"] = str(len(statements))
        _statements.set(None)
        return response

    with app.app_context():
        from wijkplatform.extensions import db

        event.listen(db.engine, "before_cursor_execute", _count)
