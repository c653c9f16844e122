"""The benchmark: build the city, serve it with gunicorn on 127.0.0.1, measure every endpoint.

    python -m bench.run --size small            # SQLite and PostgreSQL, report in bench/results/
    python -m bench.run --size full --backends postgresql

Adding an endpoint is one line in ENDPOINTS. An endpoint whose Flask view does not exist yet
is listed as "not yet available" instead of measured.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import digest, generate, load

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@dataclass(frozen=True)
class Endpoint:
    name: str
    path: str  # formatted with the city's facts (slug, thread_id, category, word)
    # page | list | vote | baseline | vote-baseline (a write, no target) | document (a
    # download, no p95 target)
    kind: str = "page"
    view: str | None = None  # Flask endpoint that must exist; None: always there
    # Why it cannot be measured yet although the view exists (e.g. it needs a role the
    # generated city does not log in as); listed as not available with this reason.
    not_measured: str | None = None
    # Every client logs in first as this kind of generated person ("moderator").
    signed_in_as: str | None = None


STATIC_BASELINE = "/_bench/static"
MINIMAL_VOTE_BASELINE = "/_bench/minimal-vote/{id}"
TEMPLATE_BASELINE = "/_bench/template"
IN_MEMORY_BASELINE = "/_bench/list-in-memory"
ENDPOINTS = [
    Endpoint("baseline: static string", STATIC_BASELINE, "baseline", "bench.static_string"),
    Endpoint("baseline: list-sized template", TEMPLATE_BASELINE, "baseline", "bench.template"),
    Endpoint(
        "baseline: real list template, in memory",
        IN_MEMORY_BASELINE,
        "baseline",
        "bench.list_in_memory",
    ),
    Endpoint(
        "list, most supported, page 1",
        "/neighbourhoods/{slug}/contributions/",
        "list",
        "contributions.neighbourhood_list",
    ),
    Endpoint(
        "list, most supported, page 50",
        "/neighbourhoods/{slug}/contributions/?page=50",
        "list",
        "contributions.neighbourhood_list",
    ),
    Endpoint(
        "list, one category",
        "/neighbourhoods/{slug}/contributions/?category={category}",
        "list",
        "contributions.neighbourhood_list",
    ),
    Endpoint(
        "list, search (1 in 50 match)",
        "/neighbourhoods/{slug}/contributions/?q={word}",
        "list",
        "contributions.neighbourhood_list",
    ),
    Endpoint(
        "list, search (common word)",
        "/neighbourhoods/{slug}/contributions/?q={common_word}",
        "list",
        "contributions.neighbourhood_list",
    ),
    Endpoint(
        "municipality list, page 1",
        "/municipalities/GM9999/contributions/",
        "list",
        "contributions.municipality_list",
    ),
    Endpoint(
        "contribution with 300 comments",
        "/contributions/{thread_id}",
        "page",
        "contributions.detail",
    ),
    Endpoint(
        "cast a vote (logged in)", "/contributions/{id}/support", "vote", "contributions.support"
    ),
    # Beside the vote it is read against; its place gives it residents no other measurement
    # uses (the scale-out takes the first 16 spare voters, the concurrent voters the last 200).
    Endpoint(
        "baseline: minimal vote (a vote row, the counter, a commit)",
        MINIMAL_VOTE_BASELINE,
        "vote-baseline",
        "bench.minimal_vote",
    ),
    Endpoint("Opgave page, 100 evidence links", "/opgaven/1", "page", "opgaven.detail"),
    Endpoint(
        "team design, public page (120 comments)",
        "/neighbourhoods/{slug}/team-design/",
        "page",
        "team_design.public",
    ),
    Endpoint(
        "team design worksheet",
        "/neighbourhoods/{slug}/team-design/worksheet",
        "page",
        "team_design.worksheet",
        signed_in_as="moderator",
    ),
    Endpoint(
        "team development plan (40 actions)",
        "/neighbourhoods/{slug}/team-design/plan",
        "page",
        "team_design.plan",
        signed_in_as="moderator",
    ),
    Endpoint(
        "team design start document (PDF/UA, WeasyPrint)",
        "/neighbourhoods/{slug}/team-design/start-document.pdf",
        "document",
        "team_design.start_document_pdf",
        signed_in_as="moderator",
    ),
    Endpoint(
        "moderation queue (60 reported, 15 hidden)",
        "/moderation/{slug}/",
        "page",
        "moderation.queue",
        signed_in_as="moderator",
    ),
    Endpoint(
        "worker inbox (new contributions without an answer)",
        "/moderation/{slug}/inbox",
        "page",
        "moderation.inbox",
        signed_in_as="moderator",
    ),
    Endpoint(
        "API: a neighbourhood's contributions, page 1 (JSON)",
        "/api/v1/contributions?neighbourhood={slug}",
        "page",
        "api.contribution_list",
    ),
    Endpoint(
        "municipal review (every neighbourhood)",
        "/review/",
        "page",
        "review.review_page",
        signed_in_as="reviewer",
    ),
]
TARGET_P95_MS = {"page": 100, "list": 100, "vote": 30}
TARGET_RATIO_LIST = 0.40


@dataclass(frozen=True)
class Settings:
    size: str
    concurrency: int = 4
    max_requests: int = 400
    max_seconds: float = 6.0
    threads: int = 4  # gunicorn threads in the one measured worker
    voters: int = 200
    scale_out: bool = True  # PostgreSQL only: one and two app servers behind nginx
    digest_residents: int = 10_000  # the daily-digest run: time per 10,000, one batch of memory
    # Names (parts of) of the endpoints to measure; empty: all of them. A partial run keeps
    # the baselines (the "x template" ratios need them) and skips the write test, the
    # scale-out and the digest, and its report never replaces latest-<size>.md.
    only: tuple[str, ...] = ()
    # Requests profiled (one at a time, cProfile) for each page that misses its target, so the
    # report says where its time goes; 0: no profiles.
    profile_requests: int = 30

    def measures(self, endpoint) -> bool:
        if not self.only or endpoint.kind in {"baseline", "vote-baseline"}:
            return True
        return any(part.lower() in endpoint.name.lower() for part in self.only)


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
    except (OSError, StopIteration):
        mem_kb = 0
    try:
        load_average = " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        load_average = "unknown"
    return {
        "load": load_average,
        "nproc": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "python": platform.python_version(),
    }


# --- databases ---------------------------------------------------------------------------


def _pg_admin():
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_SERVER)
    return psycopg.connect(
        host=url.host,
        port=url.port or 5432,
        user=url.username,
        dbname=url.database,
        autocommit=True,
        connect_timeout=5,
    )


def postgres_available() -> bool:
    try:
        with _pg_admin():
            return True
    except Exception:
        return False


class Database:
    """A fresh database for one backend, removed afterwards."""

    def __init__(self, backend: str, workdir: Path):
        self.backend = backend
        if backend == "sqlite":
            self.path = workdir / f"bench-{secrets.token_hex(3)}.sqlite"
            self.url = f"sqlite:///{self.path}"
        else:
            from sqlalchemy.engine import make_url

            self.name = f"wijkplatform_bench_{secrets.token_hex(4)}"
            self.url = make_url(PG_SERVER).set(database=self.name).render_as_string(False)

    def __enter__(self):
        if self.backend == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')
        return self

    def __exit__(self, *exc):
        if self.backend == "postgresql":
            with _pg_admin() as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)


# --- the server --------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((load.LOOPBACK, 0))
        return s.getsockname()[1]


class Server:
    """gunicorn serving the bench app (bench/app.py) on 127.0.0.1."""

    def __init__(self, database_url: str, *, workers: int = 1, threads: int = 4, extra_env=None):
        self.port = _free_port()
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "RATELIMIT_ENABLED": "0",
            "REQUIRE_EMAIL_CONFIRMATION": "0",
            "SECRET_KEY": secrets.token_hex(16),
            **(extra_env or {}),
        }
        gunicorn = Path(sys.executable).parent / "gunicorn"
        self.process = subprocess.Popen(
            [
                str(gunicorn),
                "--config",
                "python:wijkplatform.server",  # as deployed (docs/deploy.md)
                "--workers",
                str(workers),
                "--threads",
                str(threads),
                "--bind",
                f"{load.LOOPBACK}:{self.port}",
                "--log-level",
                "warning",
                "--backlog",
                "512",
                "bench.app:create_bench_app()",
            ],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.stderr: list[str] = []
        self._drainer = threading.Thread(target=self._drain, daemon=True)
        self._drainer.start()
        self._wait_until_ready()

    def _drain(self):
        for line in self.process.stderr:
            if "INFO" not in line:
                self.stderr.append(line)

    def _wait_until_ready(self, timeout: float = 30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped: " + "".join(self.stderr[-20:]))
            client = load.Client(self.port, timeout=5)
            try:
                response, _ = client.request("GET", STATIC_BASELINE)
                if response.status == 200:
                    return
            except OSError:
                pass  # not listening yet, or too busy starting to answer in time
            finally:
                client.close()
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 30 s")

    def workers(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def peak_rss_mb(self) -> float:
        """The largest peak resident set (VmHWM) of the workers, in MB."""
        peaks = []
        for pid in self.workers():
            try:
                for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peaks.append(int(line.split()[1]) / 1024)
            except OSError:
                continue
        return round(max(peaks, default=0.0), 1)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        # The pipe ends with the process; close it once the reader has seen its end.
        self._drainer.join(5)
        self.process.stderr.close()


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_by_process(pids) -> dict[int, float]:
    """User + system CPU seconds each process has used so far (from /proc/<pid>/stat)."""
    seconds = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds[pid] = (int(fields[11]) + int(fields[12])) / _TICKS  # utime, stime
    return seconds


def cpu_seconds(pids) -> float:
    return sum(cpu_by_process(pids).values())


def postgres_pids() -> list[int]:
    """The PostgreSQL server's processes on this machine (the backends serving the app
    among them); none when the server runs elsewhere."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if (entry / "comm").read_text().strip() == "postgres":
                    pids.append(int(entry.name))
            except OSError:
                continue
    return pids


class CpuMeter:
    """CPU milliseconds per request of the app worker(s), of the database server (PostgreSQL's
    processes; on SQLite the database work is inside the worker) and of this load generator,
    over one measurement. On a machine where all three share the same cores, the database
    server's share is taken from the app's."""

    def __init__(self, server: Server, backend: str):
        self.server, self.backend = server, backend
        self.start = self._read()

    def _read(self) -> list[dict[int, float]]:
        database = postgres_pids() if self.backend == "postgresql" else []
        return [
            cpu_by_process(self.server.workers()),
            cpu_by_process(database),
            cpu_by_process([os.getpid()]),
        ]

    def per_request(self, requests: int) -> dict:
        # Per process, so one that ended in between (a PostgreSQL backend closing) does not
        # take its earlier time off the total; one that started counts from zero.
        end = self._read()
        app, database, load_generator = (
            1000
            * sum(max(0.0, t - before.get(pid, 0.0)) for pid, t in after.items())
            / max(1, requests)
            for before, after in zip(self.start, end, strict=True)
        )
        return {
            "app": round(app, 2),
            "database": round(database, 2),
            "load_generator": round(load_generator, 2),
        }


def available_views(database_url: str) -> set[str]:
    from bench.app import create_bench_app

    app = create_bench_app({"SQLALCHEMY_DATABASE_URI": database_url})
    return {rule.endpoint for rule in app.url_map.iter_rules()}


def city_facts(database_url: str, summary: generate.Summary) -> dict:
    from sqlalchemy import create_engine, text

    engine = create_engine(database_url)
    with engine.connect() as conn:
        slug = summary.slugs[0]
        category = conn.execute(
            text(
                "SELECT cc.category FROM contribution_category cc JOIN contribution c "
                "ON c.id = cc.contribution_id JOIN neighbourhood n ON n.id = c.neighbourhood_id "
                "WHERE n.slug = :slug GROUP BY cc.category ORDER BY count(*) DESC LIMIT 1"
            ),
            {"slug": slug},
        ).scalar_one()
        vote_targets = (
            conn.execute(
                text(
                    "SELECT id FROM contribution WHERE status = 'open' AND hidden = :f "
                    "ORDER BY id LIMIT 2000"
                ),
                {"f": False},
            )
            .scalars()
            .all()
        )
        # For the minimal-vote baseline: contributions no Opgave links (it keeps no people
        # behind an Opgave) and not those the 200 concurrent voters count votes on.
        concurrent_targets = set(vote_targets[-5:])
        unlinked_vote_targets = [
            cid
            for cid in conn.execute(
                text(
                    "SELECT id FROM contribution c WHERE status = 'open' AND hidden = :f "
                    "AND NOT EXISTS (SELECT 1 FROM opgave_evidence e "
                    "WHERE e.contribution_id = c.id) ORDER BY id DESC LIMIT 1010"
                ),
                {"f": False},
            ).scalars()
            if cid not in concurrent_targets
        ][:1000]
        per_neighbourhood = conn.execute(
            text(
                "SELECT count(*) FROM contribution c JOIN neighbourhood n "
                "ON n.id = c.neighbourhood_id WHERE n.slug = :slug"
            ),
            {"slug": slug},
        ).scalar_one()
    engine.dispose()
    return {
        "slug": slug,
        "category": category,
        "word": generate.TOPICS[0],
        "common_word": "mantelzorg",
        "thread_id": summary.thread_contribution_id,
        "vote_targets": vote_targets,
        "unlinked_vote_targets": unlinked_vote_targets,
        "per_neighbourhood": per_neighbourhood,
        "moderator_email": summary.moderator_emails[0],  # works in the measured neighbourhood
        "reviewer_email": summary.reviewer_email,
    }


# --- measuring ---------------------------------------------------------------------------

CARD = re.compile(r'<li class="card contribution-card')


def cards_on(server: Server, path: str) -> int:
    """The contribution cards one response shows: a list page is only compared with the
    baselines when it renders as many cards as they do."""
    client = load.Client(server.port)
    try:
        _, body = client.request("GET", path)
    finally:
        client.close()
    return len(CARD.findall(body.decode()))


def measure(
    server: Server, endpoint: Endpoint, facts: dict, settings: Settings, voters: list[str]
) -> load.Result:
    clients = [load.Client(server.port) for _ in range(settings.concurrency)]
    try:
        if endpoint.kind not in {"vote", "vote-baseline"}:
            path = endpoint.path.format(**facts)
            if endpoint.signed_in_as:
                email = facts[f"{endpoint.signed_in_as}_email"]
                for client in clients:
                    client.log_in(email, generate.PASSWORD)
            return load.run(
                clients,
                lambda client, n: client.request("GET", path),
                max_requests=settings.max_requests,
                max_seconds=settings.max_seconds,
            )
        # Each client is a different resident; each vote is a new support (a real insert).
        tokens = []
        for client, email in zip(clients, voters, strict=False):
            client.log_in(email, generate.PASSWORD)
            tokens.append(client.csrf_token(f"/neighbourhoods/{facts['slug']}/contributions/"))
        targets = facts["vote_targets" if endpoint.kind == "vote" else "unlinked_vote_targets"]
        positions = {id(c): iter(targets) for c in clients}
        token_of = {id(c): t for c, t in zip(clients, tokens, strict=True)}

        def vote(client, n):
            contribution_id = next(positions[id(client)])
            return client.request(
                "POST",
                endpoint.path.format(id=contribution_id),
                form={"csrf_token": token_of[id(client)], "supported": "1"},
                headers={
                    "HX-Request": "true",
                    "HX-Target": f"contribution-{contribution_id}-votes",
                },
            )

        return load.run(
            clients,
            vote,
            max_requests=min(settings.max_requests, len(targets) - 20),
            max_seconds=settings.max_seconds,
            warmup=5,
        )
    finally:
        for client in clients:
            client.close()


def concurrent_voters(database_url: str, facts: dict, voters: list[str], *, per_voter: int = 5):
    """Many residents support the same contributions at the same moment (each sends its first
    vote twice, as a double click). Afterwards: votes, counters and duplicates."""
    from sqlalchemy import bindparam, create_engine, text

    server = Server(database_url, workers=2, threads=8)
    try:
        clients = [load.Client(server.port, timeout=120) for _ in voters]

        def sign_in(pair):
            client, email = pair
            client.log_in(email, generate.PASSWORD)
            return client.csrf_token(f"/neighbourhoods/{facts['slug']}/contributions/")

        with ThreadPoolExecutor(8) as pool:
            tokens = list(pool.map(sign_in, zip(clients, voters, strict=True)))
        targets = facts["vote_targets"][-per_voter:]
        engine = create_engine(database_url)
        with engine.connect() as conn:
            before = dict(
                conn.execute(
                    text("SELECT id, support_count FROM contribution WHERE id IN :ids").bindparams(
                        bindparam("ids", value=list(targets), expanding=True)
                    )
                ).all()
            )
        barrier = threading.Barrier(len(clients))
        failures = []

        def run_voter(client, token):
            barrier.wait()
            for position, contribution_id in enumerate(targets):
                for _ in range(2 if position == 0 else 1):
                    response, _ = client.request(
                        "POST",
                        f"/contributions/{contribution_id}/support",
                        form={"csrf_token": token, "supported": "1"},
                        headers={"HX-Request": "true"},
                    )
                    if response.status >= 400:
                        failures.append(response.status)

        started = time.perf_counter()
        threads = [
            threading.Thread(target=run_voter, args=(c, t))
            for c, t in zip(clients, tokens, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(300)
        seconds = time.perf_counter() - started
        with engine.connect() as conn:
            after = dict(
                conn.execute(
                    text("SELECT id, support_count FROM contribution WHERE id IN :ids").bindparams(
                        bindparam("ids", value=list(targets), expanding=True)
                    )
                ).all()
            )
            rows = dict(
                conn.execute(
                    text(
                        "SELECT contribution_id, count(*) FROM vote WHERE contribution_id IN :ids "
                        "GROUP BY contribution_id"
                    ).bindparams(bindparam("ids", value=list(targets), expanding=True))
                ).all()
            )
            checks = generate.check_counters(conn)
        engine.dispose()
        for client in clients:
            client.close()
        expected = {cid: before[cid] + len(voters) for cid in targets}
        return {
            "voters": len(voters),
            "contributions": len(targets),
            "requests": len(voters) * (per_voter + 1),
            "seconds": round(seconds, 2),
            "failed_requests": len(failures),
            "lost_votes": sum(expected[c] - rows.get(c, 0) for c in targets),
            "counter_vs_rows": sum(abs(after[c] - rows.get(c, 0)) for c in targets),
            **checks,
            "server_errors": "".join(server.stderr[-5:]),
        }
    finally:
        server.stop()


def run_backend(backend: str, size: generate.Size, settings: Settings, echo) -> dict:
    workdir = ROOT / "instance"
    workdir.mkdir(exist_ok=True)
    with Database(backend, workdir) as database:
        echo(f"[{backend}] generating the city …")
        summary = generate.build(database.url, size, echo=echo)
        echo(f"[{backend}] generated in {summary.total_seconds} s")
        facts = city_facts(database.url, summary)
        views = available_views(database.url)
        voters = summary.spare_voter_emails
        results, missing = [], []
        server = Server(database.url, threads=settings.threads)
        try:
            for number, endpoint in enumerate(ENDPOINTS):
                if not settings.measures(endpoint):
                    continue
                if endpoint.view and endpoint.view not in views:
                    missing.append(endpoint.name)
                    echo(f"[{backend}] {endpoint.name}: not yet available")
                    continue
                if endpoint.not_measured:
                    missing.append(f"{endpoint.name} ({endpoint.not_measured})")
                    echo(f"[{backend}] {endpoint.name}: not measured: {endpoint.not_measured}")
                    continue
                meter = CpuMeter(server, backend)
                result = measure(
                    server, endpoint, facts, settings, voters[number * settings.concurrency :]
                )
                cpu = meter.per_request(result.count + result.warmup)
                row = {
                    "name": endpoint.name,
                    "path": endpoint.path,
                    "kind": endpoint.kind,
                    "cards": (
                        cards_on(server, endpoint.path.format(**facts))
                        if endpoint.kind in {"list", "baseline"}
                        else None
                    ),
                    "requests": result.count,
                    "errors": result.errors,
                    "statuses": result.statuses,
                    "rps": round(result.throughput, 1),
                    "p50": round(result.percentile(50), 1),
                    "p95": round(result.percentile(95), 1),
                    "p99": round(result.percentile(99), 1),
                    "queries": sorted(set(result.queries)),
                    "peak_rss_mb": server.peak_rss_mb(),
                    "cpu_ms": cpu,
                }
                results.append(row)
                echo(
                    f"[{backend}] {endpoint.name}: {row['rps']} req/s, p95 {row['p95']} ms, "
                    f"queries {row['queries']}, errors {row['errors']}"
                )
        finally:
            server.stop()
            server_errors = "".join(server.stderr[-10:])
        if settings.profile_requests:
            profile_misses(database.url, facts, results, settings, echo)
        writes = scaled = digested = None
        if backend == "postgresql" and not settings.only:
            echo(f"[{backend}] {settings.voters} concurrent voters …")
            writes = concurrent_voters(database.url, facts, voters[-settings.voters :])
            echo(f"[{backend}] writes: {writes}")
            if settings.scale_out:
                echo(f"[{backend}] one and two app servers behind nginx …")
                scaled = scale_out(database.url, facts, settings, voters, echo)
        from sqlalchemy import create_engine

        engine = create_engine(database.url)
        with engine.connect() as conn:
            checks = generate.check_counters(conn)
        engine.dispose()
    if not settings.only:
        digest_residents = min(size.residents, settings.digest_residents)
        echo(f"[{backend}] the daily digest for {digest_residents:,} residents …")
        with Database(backend, workdir) as digest_database:
            digested = digest.run(digest_database.url, digest_residents)
        echo(f"[{backend}] digest: {digested}")
    return {
        "backend": backend,
        "generation": {
            "rows": summary.rows,
            "seconds": summary.seconds,
            "total_seconds": summary.total_seconds,
        },
        "not_available": summary.not_available,
        "facts": {k: v for k, v in facts.items() if k != "vote_targets"},
        "results": results,
        "missing": missing,
        "writes": writes,
        "scale_out": scaled,
        "digest": digested,
        "checks": checks,
        "server_errors": server_errors,
    }


# --- where a miss's time goes ------------------------------------------------------------


def missed(row: dict, baseline_rps: float) -> bool:
    target = TARGET_P95_MS.get(row["kind"])
    if target and row["p95"] >= target:
        return True
    return bool(row["kind"] == "list" and baseline_rps and row["rps"] / baseline_rps < 0.40)


def profile_misses(database_url: str, facts: dict, results: list[dict], settings, echo) -> None:
    """Profile every page that missed a target, one request at a time (bench/profile.py), and
    keep a summary in its row for the report. A vote is not profiled here (a POST that
    changes the city): the minimal-vote baseline is what it is read against."""
    from bench import profile

    baseline = next((r["rps"] for r in results if r["path"] == TEMPLATE_BASELINE), 0)
    by_name = {e.name: e for e in ENDPOINTS}
    for row in results:
        if row["kind"] not in {"page", "list"} or not missed(row, baseline):
            continue
        echo(f"  profiling {row['name']} ({settings.profile_requests} requests) …")
        workdir = Path(tempfile.mkdtemp(prefix="wijkplatform-miss-"))
        try:
            _, seconds, _, stats = profile.profile_page(
                database_url,
                facts,
                by_name[row["name"]],
                requests=settings.profile_requests,
                warmup=5,
                workdir=workdir,
                echo=lambda line: None,
            )
            row["profile"] = profile.summary(stats, settings.profile_requests, seconds)
        except (SystemExit, Exception) as error:  # a report without this profile, not none
            row["profile"] = {"error": str(error)[:200]}
        finally:
            shutil.rmtree(workdir, ignore_errors=True)


def miss_lines(results: list[dict], backend: str, concurrency: int) -> list[str]:
    """For each target missed: what one request costs, what the target would allow with this
    many clients on one worker, the floor the baselines set, and what the profile shows."""
    by_path = {r["path"]: r for r in results if r["rps"]}
    template = by_path.get(TEMPLATE_BASELINE)
    minimal_vote = by_path.get(MINIMAL_VOTE_BASELINE)
    baseline_rps = template["rps"] if template else 0
    rows = [r for r in results if r["kind"] in TARGET_P95_MS and missed(r, baseline_rps)]
    if not rows:
        return []
    lines = [
        "",
        f"### Targets missed on {backend}: where the time goes and what one worker allows",
        "",
        f"One worker serves the {concurrency} clients' requests one CPU slice at a time, so a "
        "request waits for the others: the response time is about "
        f"{concurrency} x the time the worker needs per request (1000 / req/s). "
        '"Needed" is the time per request at which p95 would meet the target (req/s x p95 / '
        "target, or 40 % of the template baseline's req/s for a list page). "
        '"Floor" is a baseline '
        "of the same kind measured in this run: the list-sized template (20 cards from fixed "
        "data, no database) for a page, the minimal vote (a vote row, the counter and a commit "
        "through the same stack) for a vote. Below the floor, no implementation of the page "
        "meets the target on one worker on this machine; above it, the difference is work "
        "left. The profile is of requests sent one at a time (cProfile, which slows Python "
        "down: read the shares).",
    ]
    for row in rows:
        ms = 1000 / row["rps"]
        target = TARGET_P95_MS[row["kind"]]
        needs = []
        if row["p95"] >= target:
            needs.append(1000 / (row["rps"] * row["p95"] / target))
        if row["kind"] == "list" and baseline_rps and row["rps"] / baseline_rps < 0.40:
            needs.append(1000 / (0.40 * baseline_rps))
        need = min(needs)
        floor_row = minimal_vote if row["kind"] == "vote" else template
        cpu = row.get("cpu_ms") or {}
        database = f", the database {cpu['database']} ms" if backend == "postgresql" and cpu else ""
        lines += [
            "",
            f"- **{row['name']}**: p95 {row['p95']} ms, {row['rps']} req/s = {ms:.1f} ms per "
            f"request (CPU: the worker {cpu.get('app', '?')} ms{database}); needed "
            f"{need:.1f} ms.",
        ]
        if floor_row:
            floor = 1000 / floor_row["rps"]
            name = floor_row["name"].removeprefix("baseline: ")
            if need <= floor:
                verdict = (
                    f"below the floor: the {name} alone takes {floor:.1f} ms per request "
                    f"(p95 {floor_row['p95']} ms), so the target cannot be met on one "
                    "worker here"
                )
            else:
                verdict = (
                    f"above the floor ({name}: {floor:.1f} ms, p95 {floor_row['p95']} ms): "
                    f"{ms - need:.1f} ms per request is work left"
                )
            lines.append(f"  Floor: {verdict}.")
        summary = row.get("profile")
        if summary and "error" in summary:
            lines.append(f"  Profile: not taken ({summary['error']}).")
        elif summary:
            packages = ", ".join(f"{n} {share:.0%}" for n, share in summary["packages"])
            own = "; ".join(f"{n} {share:.0%}" for n, share in summary["own"])
            ours = "; ".join(f"{n} {share:.0%}" for n, share in summary["ours"])
            lines += [
                f"  Profile ({summary['requests']} requests, {summary['ms']:.1f} ms each under "
                f"cProfile): own time by package: {packages}.",
                f"  Most own time: {own}.",
                f"  Our code, cumulative: {ours}.",
            ]
    return lines


# --- one and two app servers behind nginx ---------------------------------------------

SCALE_OUT_ENDPOINTS = ("list, most supported, page 1", "cast a vote (logged in)")


@dataclass(frozen=True)
class _Port:
    port: int


def scale_out(database_url: str, facts: dict, settings: Settings, voters: list[str], echo):
    """Throughput through nginx with one app server, then with two (each gunicorn with one
    worker, as measured above; the same SECRET_KEY, so a session works on both). Returns rows
    for the report, or the reason nothing was measured."""
    from bench import cluster

    if not Path(cluster.NGINX).exists():
        return "nginx is not installed (apt-get install nginx-light)"
    key = secrets.token_hex(16)
    servers = [
        Server(database_url, threads=settings.threads, extra_env={"SECRET_KEY": key})
        for _ in range(2)
    ]
    workdir = Path(tempfile.mkdtemp(prefix="wijkplatform-scale-out-"))
    rows = []
    try:
        nginx = cluster.Nginx(workdir, servers[0].port, servers[1].port)
        try:
            for count in (1, 2):
                nginx.route(down=[servers[1].port] if count == 1 else [])
                for number, name in enumerate(SCALE_OUT_ENDPOINTS):
                    endpoint = next(e for e in ENDPOINTS if e.name == name)
                    # Residents no other measurement uses, a new set for each run.
                    mine = voters[(2 * (count - 1) + number) * settings.concurrency :]
                    result = measure(_Port(nginx.port), endpoint, facts, settings, mine)
                    row = {
                        "servers": count,
                        "name": name,
                        "rps": round(result.throughput, 1),
                        "p95": round(result.percentile(95), 1),
                        "errors": result.errors,
                    }
                    rows.append(row)
                    echo(
                        f"[scale-out] {count} app server(s), {name}: {row['rps']} req/s, "
                        f"p95 {row['p95']} ms, errors {row['errors']}"
                    )
        finally:
            nginx.stop()
    finally:
        for server in servers:
            server.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return rows


# --- the report --------------------------------------------------------------------------


def cpu_split(results: list[dict], backend: str) -> list[str]:
    """Per endpoint: the CPU milliseconds one request cost the app worker, the database server
    and the load generator. On SQLite the database work is part of the worker's."""
    rows = [r for r in results if r.get("cpu_ms") and r["kind"] != "baseline"]
    if not rows:
        return []
    lines = [
        "",
        "CPU per request (ms, from /proc: user + system time over the measurement divided by "
        "its requests)"
        + (
            "; the database server's processes run on the same cores as the worker, so its "
            "share is taken from the app's throughput:"
            if backend == "postgresql"
            else "; SQLite works inside the worker, so its time is part of the worker's:"
        ),
        "",
        "| endpoint | app worker | database server | load generator |",
        "|---|---:|---:|---:|",
    ]
    for r in rows:
        cpu = r["cpu_ms"]
        database = f"{cpu['database']}" if backend == "postgresql" else "(in the worker)"
        lines.append(f"| {r['name']} | {cpu['app']} | {database} | {cpu['load_generator']} |")
    return lines


def time_split(results: list[dict]) -> list[str]:
    """Per list page: the worker's time per request (1000 / req/s; one worker, so its
    requests share one core) for the real page, the real template rendered from objects in
    memory and the minimal card template, and the real page's time split into data access
    (real page minus in memory), template work (in memory minus the static string) and Flask
    with HTTP (the static string)."""
    baselines = {r["path"]: r for r in results if r["kind"] == "baseline" and r["rps"]}
    if not {STATIC_BASELINE, TEMPLATE_BASELINE, IN_MEMORY_BASELINE} <= baselines.keys():
        return []

    def ms(row: dict) -> float:
        return 1000 / row["rps"]

    static = ms(baselines[STATIC_BASELINE])
    minimal = ms(baselines[TEMPLATE_BASELINE])
    memory = ms(baselines[IN_MEMORY_BASELINE])
    cards = baselines[IN_MEMORY_BASELINE]["cards"]
    lines = [
        "",
        "Where a list page's time goes (ms of the one worker per request = 1000 / req/s; "
        f"both template baselines show {cards} cards of one neighbourhood):",
        "",
        "| list page | cards | real page ms | real template, in memory ms | minimal card "
        "template ms | data access | template work | Flask and HTTP |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results:
        if row["kind"] != "list" or not row["rps"]:
            continue
        real = ms(row)
        figures = f"| {row['name']} | {row['cards']} | {real:.1f} | {memory:.1f} | {minimal:.1f} "
        if row["cards"] != cards:
            lines.append(figures + "| fewer cards: not split | | |")
            continue
        parts = [max(0.0, real - memory), max(0.0, memory - static), static]
        lines.append(figures + "| " + " | ".join(f"{p / sum(parts):.0%}" for p in parts) + " |")
    lines.append(
        f"\nOf the template work, {max(0.0, memory - minimal):.1f} ms per page is what the real "
        "template costs beyond the minimal one (partials, URLs, permission checks, "
        "translations); the minimal card template itself takes "
        f"{max(0.0, minimal - static):.1f} ms over the static string."
    )
    return lines


def digest_lines(result: dict | None) -> list[str]:
    """The daily digest (bench/digest.py) in a database of its own: time and peak memory."""
    if not result:
        return []
    return [
        "",
        f"Daily digest (`flask mail digest --daily`, bench/digest.py): {result['residents']:,} "
        f"residents with {digest.NOTIFICATIONS_PER_RESIDENT} notifications each, in batches "
        f"of {result['batch']} people, became {result['mails']:,} mails about "
        f"{result['notifications']:,} notifications in {result['seconds']} s, "
        f"**{result['seconds_per_10000']} s per 10,000 residents** (the log kept to "
        "warnings, tracemalloc off); peak Python memory (tracemalloc, the digest for the first "
        f"{result['memory_residents']:,} of them) **{result['peak_mib']} MiB**, one batch's: "
        "it does not grow with the number of residents (tests/notifications/"
        "test_digest_scale.py).",
    ]


def verdicts(row: dict, baseline_rps: float, page1_queries, size_name: str) -> list[str]:
    notes = []
    target = TARGET_P95_MS.get(row["kind"])
    if target:
        notes.append(f"p95<{target}: {'yes' if row['p95'] < target else 'NO'}")
    if row["kind"] == "list" and baseline_rps:
        ratio = row["rps"] / baseline_rps
        notes.append(f">=40%: {'yes' if ratio >= TARGET_RATIO_LIST else 'NO'}")
    if row["name"].endswith("page 50") and page1_queries is not None:
        notes.append(f"queries = page 1: {'yes' if row['queries'] == page1_queries else 'NO'}")
    return notes


def report(
    runs: list[dict], size: generate.Size, size_name: str, settings: Settings, seconds: float
) -> str:
    m = machine()
    lines = [
        f"# Benchmark: size {size_name}",
        "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in {seconds:.0f} s on {m['nproc']} cores, "
        f"{m['memory_gb']} GB, {m['cpu']}, Python {m['python']}. Load average at the end "
        f"(1/5/15 min): {m['load']}; the load generator shares these cores with the server, and "
        "anything else running on the machine lowers every figure.",
        "",
        f"City: {size.neighbourhoods} neighbourhoods, {size.residents:,} residents, "
        f"{size.contributions:,} contributions, {size.supports:,} supports, "
        f"{size.comments:,} comments. Server: gunicorn, 1 worker, {settings.threads} threads; "
        f"load: {settings.concurrency} concurrent keep-alive clients, at most "
        f"{settings.max_requests} requests or {settings.max_seconds:.0f} s per endpoint.",
        "",
        *(
            [
                f"A partial run (--only {', '.join(settings.only)}): the baselines and these "
                "endpoints only; no write test, scale-out or digest.",
                "",
            ]
            if settings.only
            else []
        ),
        "Targets (meant for the full city): p95 < 100 ms for pages, < 30 ms for a vote; list "
        "pages >= 40 % of the template baseline's throughput; the same number of queries on "
        "page 50 as on page 1.",
        "",
        "Baselines (no database): a static string; a minimal template with a list page's "
        'cards ("x template" compares with it); the real neighbourhood list template with '
        "the same cards, rendered from objects kept in memory.",
    ]
    for run in runs:
        results = run["results"]
        baseline = next((r["rps"] for r in results if r["path"] == TEMPLATE_BASELINE), 0)
        page1 = next(
            (r["queries"] for r in results if r["name"].endswith("page 1") and r["kind"] == "list"),
            None,
        )
        gen = run["generation"]
        lines += [
            "",
            f"## {run['backend']}",
            "",
            f"Generated in {gen['total_seconds']} s: "
            + ", ".join(f"{k} {v} s" for k, v in gen["seconds"].items())
            + ".",
            f"The neighbourhood measured ({run['facts']['slug']}) holds "
            f"{run['facts']['per_neighbourhood']:,} contributions"
            + (
                " (fewer than 50 pages: page 50 shows the last page)."
                if run["facts"]["per_neighbourhood"] < 50 * 20
                else "."
            ),
            "",
            "| endpoint | req/s | x template | p50 ms | p95 ms | p99 ms | queries/request | "
            "peak RSS MB | errors | targets |",
            "|---|---:|---:|---:|---:|---:|---|---:|---:|---|",
        ]
        for r in results:
            ratio = f"{r['rps'] / baseline:.2f}" if baseline else "-"
            queries = "-" if not r["queries"] else "/".join(str(q) for q in r["queries"])
            notes = "; ".join(verdicts(r, baseline, page1, "")) or "-"
            lines.append(
                f"| {r['name']} | {r['rps']} | {ratio} | {r['p50']} | {r['p95']} | {r['p99']} "
                f"| {queries} | {r['peak_rss_mb']} | {r['errors']} | {notes} |"
            )
        for name in run["missing"]:
            lines.append(f"| {name} | not yet available | | | | | | | | |")
        lines += time_split(results)
        lines += cpu_split(results, run["backend"])
        lines += miss_lines(results, run["backend"], settings.concurrency)
        for note in run["not_available"]:
            lines.append(f"\nGenerator: {note}.")
        checks = run["checks"]
        lines.append(
            f"\nAfter the run: {checks['support_mismatch']} support counters and "
            f"{checks['comment_mismatch']} comment counters differ from their rows; "
            f"{checks['duplicate_votes']} duplicate votes; "
            f"{checks.get('backer_mismatch', 'not checked:')} kept rows of the people behind "
            "an Opgave differ from the votes."
        )
        if run["writes"]:
            w = run["writes"]
            lines.append(
                f"\nWrites under load (gunicorn 2 workers x 8 threads): {w['voters']} residents "
                f"supported the same {w['contributions']} contributions at once, the first one "
                f"twice (double click): {w['requests']} requests in {w['seconds']} s, "
                f"{w['failed_requests']} failed; lost votes {w['lost_votes']}, counter minus "
                f"rows {w['counter_vs_rows']}, duplicate votes {w['duplicate_votes']}, "
                f"mismatched counters in the whole city {w['support_mismatch']}."
            )
        scaled = run.get("scale_out")
        if isinstance(scaled, str):
            lines.append(f"\nOne and two app servers behind nginx: not measured: {scaled}.")
        elif scaled:
            lines += [
                "",
                "One and two app servers behind nginx (each gunicorn with 1 worker and "
                f"{settings.threads} threads, the same {settings.concurrency} clients; on this "
                "machine both servers and the load generator share the same cores, so a second "
                "server adds throughput only where one worker left cores idle):",
                "",
                "| endpoint | app servers | req/s | p95 ms | errors |",
                "|---|---:|---:|---:|---:|",
            ]
            for r in scaled:
                lines.append(
                    f"| {r['name']} | {r['servers']} | {r['rps']} | {r['p95']} | {r['errors']} |"
                )
        lines += digest_lines(run.get("digest"))
        if run["server_errors"].strip():
            lines.append(f"\nServer log (last lines):\n```\n{run['server_errors']}\n```")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", default=os.environ.get("SIZE") or "small", choices=sorted(generate.SIZES)
    )
    parser.add_argument("--backends", default="sqlite,postgresql")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int)
    parser.add_argument("--seconds", type=float)
    parser.add_argument(
        "--no-scale-out",
        action="store_true",
        help="skip measuring one and two app servers behind nginx (PostgreSQL)",
    )
    parser.add_argument(
        "--digest-residents",
        type=int,
        default=10_000,
        help="residents in the daily-digest run (the report gives time per 10,000; memory is "
        "one batch's and does not grow with them), default 10,000",
    )
    parser.add_argument(
        "--profile-requests",
        type=int,
        default=30,
        help="requests profiled for each page that misses a target (0: none), default 30",
    )
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated parts of endpoint names to measure (a partial run: baselines "
        "included; no write test, scale-out or digest; the report is <stamp>-<size>-partial.md)",
    )
    for name in ("neighbourhoods", "residents", "contributions", "supports", "comments"):
        parser.add_argument(f"--{name}", type=int)
    args = parser.parse_args(argv)
    size = generate.parse_size(
        args.size,
        **{
            n: getattr(args, n)
            for n in ("neighbourhoods", "residents", "contributions", "supports", "comments")
        },
    )
    full = args.size != "small"
    settings = Settings(
        size=args.size,
        concurrency=args.concurrency,
        max_requests=args.requests or (1000 if full else 400),
        max_seconds=args.seconds or (20.0 if full else 6.0),
        scale_out=not args.no_scale_out,
        digest_residents=args.digest_residents,
        only=tuple(part.strip() for part in args.only.split(",") if part.strip()),
        profile_requests=args.profile_requests,
    )
    started = time.perf_counter()

    def echo(line):
        print(line, flush=True)

    runs = []
    for backend in args.backends.split(","):
        if backend == "postgresql" and not postgres_available():
            echo(f"PostgreSQL at {PG_SERVER} is not reachable: skipped.")
            continue
        runs.append(run_backend(backend, size, settings, echo))
    seconds = time.perf_counter() - started
    text = report(runs, size, args.size, settings, seconds)
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    name = f"{stamp}-{args.size}" + ("-partial" if settings.only else "")
    (RESULTS / f"{name}.md").write_text(text)
    (RESULTS / f"{name}.json").write_text(json.dumps(runs, indent=1, default=str))
    if not settings.only:
        (RESULTS / f"latest-{args.size}.md").write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
