"""Profile one page of the generated city as one gunicorn worker serves it.

    make profile PAGE="list, most supported, page 1"          # a name from bench.run.ENDPOINTS
    make profile PAGE=/neighbourhoods/{slug}/contributions/    # or a path with the city's facts
    python -m bench.profile --page thread --size small --backend postgresql --requests 200

The city is built as for the benchmark (bench/generate.py), then gunicorn serves the bench
app with one worker and one thread, each request wrapped in cProfile by werkzeug's
ProfilerMiddleware (the whole WSGI call: routing, session, view, template, response body).
After a warm-up, one client sends the requests one after another; the per-request profiles
are added up. The report (bench/results/profile-….txt, beside it the combined .prof for
`python -m pstats` or snakeviz) gives the time per request, the statements per request, the
time per package (our features, Jinja, SQLAlchemy, the database driver, Markdown, …) and the
functions that cost most, by own time and by cumulative time, so a change is chosen from a
profile and anyone can repeat it.
"""

from __future__ import annotations

import argparse
import io
import pstats
import re
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from datetime import UTC, datetime
from pathlib import Path

from bench import generate, load, run
from bench.app import PROFILE_DIR_ENV, QUERY_COUNT_HEADER

# Where a function's file lives decides the package its own time is counted for; the first
# pattern that matches wins.
PACKAGES = [
    ("wijkplatform (our code)", re.compile(r"/wijkplatform/(?!static)")),
    ("templates (compiled Jinja of ours)", re.compile(r"/templates/")),
    ("bench", re.compile(r"/bench/")),
    ("jinja2", re.compile(r"/jinja2/")),
    ("sqlalchemy", re.compile(r"/sqlalchemy/")),
    ("database driver", re.compile(r"/(psycopg|psycopg_binary|sqlite3)/|'sqlite3\.|psycopg")),
    ("markdown (markdown-it, nh3)", re.compile(r"/(markdown_it|mdurl|nh3)/")),
    ("babel and i18n", re.compile(r"/(babel|flask_babel)/|gettext")),
    ("werkzeug", re.compile(r"/werkzeug/")),
    ("flask and extensions", re.compile(r"/(flask|flask_\w+|itsdangerous|wtforms)/")),
    (
        "python standard library and built-ins",
        re.compile(r"/lib/python3\.\d+/(?!site-packages)|^~ |^<"),
    ),
]


def package_of(filename: str, function: str = "") -> str:
    # Built-ins have no file ("~"); their name says whose they are, e.g.
    # "<method 'execute' of 'sqlite3.Cursor' objects>".
    where = f"{filename} {function}" if filename == "~" else filename
    for name, pattern in PACKAGES:
        if pattern.search(where):
            return name
    return "other packages"


def resolve_page(page: str) -> run.Endpoint:
    """A path (may hold {slug}, {thread_id}, …) or the name, or part of the name, of one of
    the benchmark's endpoints."""
    if page.startswith("/"):
        return run.Endpoint(page, page)
    wanted = page.lower()
    matches = [e for e in run.ENDPOINTS if e.kind != "vote" and wanted in e.name.lower()]
    exact = [e for e in matches if e.name.lower() == wanted]
    if exact:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    names = "\n  ".join(e.name for e in (matches or run.ENDPOINTS) if e.kind != "vote")
    problem = "matches several pages" if matches else "matches no page"
    raise SystemExit(f'"{page}" {problem}; give a path or one of:\n  {names}')


def combine(profile_dir: Path) -> pstats.Stats | None:
    files = sorted(profile_dir.glob("*.prof"))
    if not files:
        return None
    stats = pstats.Stats(str(files[0]), stream=io.StringIO())
    for path in files[1:]:
        stats.add(str(path))
    return stats


def time_per_package(stats: pstats.Stats) -> list[tuple[str, float]]:
    """Own time (tottime) added up per package, largest first."""
    totals: dict[str, float] = defaultdict(float)
    for (filename, _line, function), (_cc, _nc, tottime, _ct, _callers) in stats.stats.items():
        totals[package_of(filename, function)] += tottime
    return sorted(totals.items(), key=lambda item: item[1], reverse=True)


def hot_spots(stats: pstats.Stats, key: str, top: int) -> str:
    out = io.StringIO()
    stats.stream = out
    stats.sort_stats(key).print_stats(top)
    text = out.getvalue()
    # pstats starts with a summary of the files it read; the table is what a reader needs.
    start = text.find("   ncalls")
    return text[start:] if start >= 0 else text


def short_name(filename: str, function: str) -> str:
    """`wijkplatform/opgaven/views.py:detail`, `jinja2/runtime.py:call`, or a built-in's name."""
    if filename == "~":
        return function.strip("<>")
    for marker in ("/site-packages/", str(run.ROOT) + "/", "/lib/python3"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
            break
    return f"{filename}:{function}"


def summary(stats: pstats.Stats, requests: int, seconds: float, top: int = 5) -> dict:
    """What the benchmark report says of a profile: the largest packages by own time, the
    functions with the most own time, and the functions of our code (views, services,
    templates) with the most cumulative time below the request's entry point."""
    total = stats.total_tt or 1e-9
    packages = [(n, tt / total) for n, tt in time_per_package(stats)[:4]]
    rows = stats.stats.items()
    own = sorted(rows, key=lambda item: item[1][2], reverse=True)[:top]
    ours = sorted(
        (
            item
            for item in rows
            if package_of(item[0][0], item[0][2]).startswith(("wijkplatform", "templates"))
            # The view and the app's entry points hold everything: their 100 % says nothing.
            and item[1][3] < 0.8 * total
        ),
        key=lambda item: item[1][3],
        reverse=True,
    )[:top]
    return {
        "requests": requests,
        "ms": 1000 * seconds / requests,
        "packages": packages,
        "own": [(short_name(f, fn), v[2] / total) for (f, _l, fn), v in own],
        "ours": [(short_name(f, fn), v[3] / total) for (f, _l, fn), v in ours],
    }


def report(*, endpoint, path, backend, size_name, requests, seconds, queries, stats, top) -> str:
    per_request_ms = 1000 * seconds / requests
    profiled_total = stats.total_tt or 1e-9
    lines = [
        f"# Profile: {endpoint.name}",
        "",
        f"- path: {path}",
        f"- city: {size_name}, {backend}",
        f"- requests: {requests} one after another to one gunicorn worker with one thread"
        f" (after a warm-up)",
        f"- time per request as the client saw it: {per_request_ms:.1f} ms"
        f" (cProfile slows Python code down; compare packages, not absolute times)",
        f"- SQL statements per request: {', '.join(map(str, sorted(set(queries)))) or 'n/a'}",
        f"- written: {datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        "## Own time per package (share of the profiled time)",
        "",
    ]
    for name, tottime in time_per_package(stats):
        share = 100 * tottime / profiled_total
        if share >= 0.5:
            lines.append(
                f"- {share:5.1f} %  {name}  ({1000 * tottime / requests:.2f} ms a request)"
            )
    lines += [
        "",
        f"## The {top} functions with the most own time",
        "",
        "```",
        hot_spots(stats, "tottime", top).rstrip(),
        "```",
        "",
        f"## The {top} functions with the most cumulative time",
        "",
        "```",
        hot_spots(stats, "cumulative", top).rstrip(),
        "```",
        "",
    ]
    return "\n".join(lines)


def profile_page(
    database_url: str,
    facts: dict,
    endpoint: run.Endpoint,
    *,
    requests: int,
    warmup: int,
    workdir: Path,
    echo=print,
):
    """Serve `endpoint` with one profiled worker; returns (path, seconds, queries, stats)."""
    path = endpoint.path.format(**facts)
    profile_dir = workdir / "requests"
    profile_dir.mkdir()
    server = run.Server(database_url, threads=1, extra_env={PROFILE_DIR_ENV: str(profile_dir)})
    client = load.Client(server.port)
    try:
        if endpoint.signed_in_as:  # moderator or reviewer, as bench.run signs in
            client.log_in(facts[f"{endpoint.signed_in_as}_email"], generate.PASSWORD)
        for _ in range(warmup):
            response, _ = client.request("GET", path)
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status}: nothing to profile")
        # The warm-up and log-in are not what we want to see.
        for old in profile_dir.glob("*.prof"):
            old.unlink()
        queries = []
        started = time.perf_counter()
        for number in range(requests):
            response, _ = client.request("GET", path)
            count = response.getheader(QUERY_COUNT_HEADER)
            if count is not None:
                queries.append(int(count))
            if (number + 1) % max(1, requests // 10) == 0:
                echo(f"  {number + 1}/{requests} requests")
        seconds = time.perf_counter() - started
    finally:
        client.close()
        server.stop()
    stats = combine(profile_dir)
    if stats is None:
        raise SystemExit("the worker wrote no profiles")
    return path, seconds, queries, stats


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--page", required=True, help="an endpoint name from bench.run or a path")
    parser.add_argument("--size", default="small", choices=sorted(generate.SIZES))
    parser.add_argument("--backend", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--top", type=int, default=25)
    for name in ("neighbourhoods", "residents", "contributions", "supports", "comments"):
        parser.add_argument(f"--{name}", type=int)
    args = parser.parse_args(argv)
    endpoint = resolve_page(args.page)
    size = generate.parse_size(
        args.size,
        **{
            n: getattr(args, n)
            for n in ("neighbourhoods", "residents", "contributions", "supports", "comments")
        },
    )
    if args.backend == "postgresql" and not run.postgres_available():
        raise SystemExit(f"PostgreSQL at {run.PG_SERVER} is not reachable.")

    def echo(line):
        print(line, flush=True)

    workdir = Path(tempfile.mkdtemp(prefix="wijkplatform-profile-"))
    try:
        instance = run.ROOT / "instance"
        instance.mkdir(exist_ok=True)
        with run.Database(args.backend, instance) as database:
            echo(f"[{args.backend}] generating the city ({args.size}) …")
            summary = generate.build(database.url, size, echo=echo)
            echo(
                f"[{args.backend}] generated in {summary.total_seconds} s;"
                f" profiling {endpoint.name}"
            )
            facts = run.city_facts(database.url, summary)
            path, seconds, queries, stats = profile_page(
                database.url,
                facts,
                endpoint,
                requests=args.requests,
                warmup=args.warmup,
                workdir=workdir,
                echo=echo,
            )
        text = report(
            endpoint=endpoint,
            path=path,
            backend=args.backend,
            size_name=args.size,
            requests=args.requests,
            seconds=seconds,
            queries=queries,
            stats=stats,
            top=args.top,
        )
        run.RESULTS.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9]+", "-", endpoint.name.lower()).strip("-")[:50]
        stem = f"profile-{datetime.now(UTC).strftime('%Y%m%d-%H%M')}-{slug}-{args.backend}"
        (run.RESULTS / f"{stem}.txt").write_text(text)
        stats.dump_stats(str(run.RESULTS / f"{stem}.prof"))
        print(text)
        echo(f"Report: bench/results/{stem}.txt (combined profile: {stem}.prof)")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
