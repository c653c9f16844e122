"""What one request costs on PostgreSQL, per connection setting: round trips to the server,
statements by kind, CPU of this process and of the PostgreSQL backend, wall time.

    python -m bench.roundtrips --size small            # builds a city in a fresh database
    python -m bench.roundtrips --size small --requests 100

In-process with Flask's test client (one thread, one pooled connection), so it measures the
cost of a request without the load of `bench.run`: the machine may be shared. Round trips
are counted at the protocol level with libpq's trace of each connection (every Query or Sync
message the app sends is one wait for the server), which also sees what SQLAlchemy's events
do not: the pool's pre-ping, psycopg's BEGIN and the pool's ROLLBACK when a request ends.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench import generate, run

# Connection settings compared; each is SQLALCHEMY_ENGINE_OPTIONS on top of the app's
# (config.engine_options: pre-ping on, psycopg never prepares).
VARIANTS = {
    "as configured": {},
    "no pre-ping": {"pool_pre_ping": False},
    "psycopg's default (prepare on the 5th run)": {"connect_args": {"prepare_threshold": 5}},
    "prepare at once": {"connect_args": {"prepare_threshold": 0}},
    "jit off": {"connect_args": {"options": "-c jit=off"}},
}


def _read_trace(path: Path, offset: int = 0) -> tuple[int, Counter]:
    """Round trips and statements by kind from a libpq trace ("F <length> <Message> …"
    lines are what the app sent). A Bind without its own Parse runs a statement psycopg
    prepared earlier (prepare_threshold)."""
    round_trips, kinds = 0, Counter()
    with path.open("rb") as handle:
        handle.seek(offset)
        lines = handle.read().decode(errors="replace").splitlines()
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 3 or parts[0] != "F":
            continue
        message, content = parts[2], "\t".join(parts[3:])
        if message in {"Query", "Sync"}:
            round_trips += 1
        if message in {"Query", "Parse"}:
            text = content.split('"', 2)[-2] if message == "Query" else content
            words = [w for w in text.replace('"', " ").split() if w.isalpha() and w.isupper()]
            kinds[words[0] if words else "?"] += 1
        if message == "Parse":
            kinds["(parsed)"] += 1
        if message == "Bind":
            kinds["(bound)"] += 1
    return round_trips, kinds


def measure(database_url: str, path: str, options: dict, requests: int) -> dict:
    from psycopg import pq
    from sqlalchemy import event

    from config import Config
    from wijkplatform import create_app
    from wijkplatform.extensions import db

    engine_options = {**Config.SQLALCHEMY_ENGINE_OPTIONS, **options}
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "SQLALCHEMY_ENGINE_OPTIONS": engine_options}
    )
    trace_dir = Path(tempfile.mkdtemp(prefix="roundtrips-"))
    traces, backends = [], []

    def on_connect(dbapi_connection, record):
        pgconn = dbapi_connection.pgconn
        trace = trace_dir / f"{len(traces)}.txt"
        handle = open(trace, "w")  # noqa: SIM115 - open while the connection lives
        pgconn.trace(handle.fileno())
        pgconn.set_trace_flags(pq.Trace.SUPPRESS_TIMESTAMPS)
        traces.append((trace, handle, pgconn))
        backends.append(pgconn.backend_pid)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "connect", on_connect)
    # Requests outside any app context of ours: each request's own context ends with the
    # session's teardown, as under gunicorn (ROLLBACK, connection back to the pool).
    client = app.test_client()
    for _ in range(5):  # warm up: templates compiled, statements prepared, pool filled
        assert client.get(path).status_code == 200
    offsets = [trace.stat().st_size for trace, _handle, _pgconn in traces]
    before_app, before_db = time.process_time(), run.cpu_seconds(backends)
    started = time.perf_counter()
    for _ in range(requests):
        client.get(path)
    wall = time.perf_counter() - started
    app_cpu, db_cpu = time.process_time() - before_app, run.cpu_seconds(backends) - before_db
    round_trips, kinds = 0, Counter()
    for index, (trace, handle, pgconn) in enumerate(traces):
        pgconn.untrace()
        handle.close()
        offset = offsets[index] if index < len(offsets) else 0
        found, seen = _read_trace(trace, offset)
        round_trips += found
        kinds += seen
    engine.dispose()
    return {
        "round_trips": round_trips / requests,
        "kinds": {k: round(v / requests, 2) for k, v in sorted(kinds.items())},
        "app_cpu_ms": round(1000 * app_cpu / requests, 2),
        "db_cpu_ms": round(1000 * db_cpu / requests, 2),
        "wall_ms": round(1000 * wall / requests, 2),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", default="small", choices=sorted(generate.SIZES))
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--variants", default=",".join(VARIANTS))
    args = parser.parse_args(argv)
    os.environ.setdefault("RATELIMIT_ENABLED", "false")
    with run.Database("postgresql", Path(tempfile.gettempdir())) as database:
        summary = generate.build(database.url, generate.SIZES[args.size], echo=lambda _: None)
        pages = {
            "neighbourhood list": f"/neighbourhoods/{summary.slugs[0]}/contributions/",
            "municipality list": "/municipalities/GM9999/contributions/",
        }
        for name, path in pages.items():
            for variant in args.variants.split(","):
                result = measure(database.url, path, VARIANTS[variant], args.requests)
                print(f"{name} | {variant} | {result}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
