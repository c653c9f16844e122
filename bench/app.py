"""The app the benchmark serves: the normal app plus what only a load test needs.

    gunicorn 'bench.app:create_bench_app()'

`wijkplatform` knows nothing of this module. On top of `wijkplatform.create_app()` it adds
the baselines (bench/baselines.py) and an `X-Query-Count` header on every response: the SQL
statements the request ran on the app's engine between its start and its end, which the load
generator (bench/load.py) collects per endpoint.
"""

from __future__ import annotations

import itertools
import os
from contextvars import ContextVar

from flask import Flask
from sqlalchemy import event

from bench import baselines

QUERY_COUNT_HEADER = "X-Query-Count"
# Set by bench/profile.py: every request is profiled into a file in this folder.
PROFILE_DIR_ENV = "BENCH_PROFILE_DIR"

# Per request, so the threads of one gunicorn worker each count their own statements.
_statements: ContextVar[list | None] = ContextVar("bench_statements", default=None)


def create_bench_app(config=None) -> Flask:
    """The production app (settings from the environment, as `wijkplatform:create_app()`),
    with the benchmark's additions."""
    from wijkplatform import create_app

    app = create_app(config)
    init_app(app)
    return app


def init_app(app: Flask) -> None:
    """Add the baselines and the statement count to an app `create_app` built."""
    app.register_blueprint(baselines.bp)
    app.before_request(_start_counting)
    app.after_request(_report_count)
    with app.app_context():
        from wijkplatform.extensions import db

        event.listen(db.engine, "before_cursor_execute", _count)
        app.extensions["bench_in_memory_list"] = baselines.build_in_memory_list()
    profile_dir = os.environ.get(PROFILE_DIR_ENV)
    if profile_dir:
        from werkzeug.middleware.profiler import ProfilerMiddleware

        numbers = itertools.count()
        app.wsgi_app = ProfilerMiddleware(
            app.wsgi_app,
            stream=None,
            profile_dir=profile_dir,
            # One file per request: the default name (path, ms, second) repeats under load.
            filename_format=lambda environ: f"{os.getpid()}-{next(numbers):07d}.prof",
        )


def _start_counting() -> None:
    _statements.set([])


def _report_count(response):
    statements = _statements.get()
    if statements is not None:
        response.headers[QUERY_COUNT_HEADER] = str(len(statements))
    _statements.set(None)
    return response


def _count(conn, cursor, statement, parameters, context, executemany) -> None:
    statements = _statements.get()
    if statements is not None:
        statements.append(statement)
