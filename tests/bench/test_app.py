"""The benchmark's additions live in the bench app (bench/app.py), never in the production app."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

import config
from bench import app as bench_app
from bench import baselines, digest, run
from tests.conftest import _test_config
from tests.factories import ContributionFactory, NeighbourhoodFactory
from wijkplatform import PROJECT_DIR
from wijkplatform.contributions.models import ContributionCategory, ContributionKind
from wijkplatform.extensions import db

BASELINES = ["/_bench/static", "/_bench/template", "/_bench/list-in-memory"]
CARD_LIST = re.compile(r'<ul class="card-list contribution-list">.*?</ul>', re.S)
CARD = re.compile(r'<li class="card contribution-card')


@pytest.fixture
def bench_client(app):
    bench_app.init_app(app)
    return app.test_client()


def test_production_app_has_no_baselines_and_no_query_count_header(app, client):
    for path in BASELINES:
        assert client.get(path).status_code == 404
    assert "X-Query-Count" not in client.get("/neighbourhoods/").headers
    assert [name for name in app.jinja_env.list_templates() if name.startswith("bench/")] == []


def test_bench_code_is_not_part_of_the_production_package():
    with pytest.raises(ModuleNotFoundError):
        importlib.import_module("wijkplatform.core.bench")
    assert not hasattr(config.Config, "BENCH")
    assert not hasattr(config.ProductionConfig, "BENCH")
    importing_bench = re.compile(r"^\s*(from|import) bench\b", re.M)
    sources = Path(PROJECT_DIR / "wijkplatform").rglob("*.py")
    assert [p.name for p in sources if importing_bench.search(p.read_text())] == []


def test_bench_app_serves_the_baselines_without_the_database(bench_client):
    assert bench_client.get("/_bench/static").get_data(as_text=True) == "ok"
    for path in BASELINES:
        response = bench_client.get(path)
        assert response.status_code == 200
        assert response.headers["X-Query-Count"] == "0"
    for path in ("/_bench/template", "/_bench/list-in-memory"):
        page = bench_client.get(path).get_data(as_text=True)
        assert len(CARD.findall(page)) == len(baselines.BASELINE_ITEMS)


def test_query_count_header_says_how_many_statements_the_page_ran(app, bench_client, count_queries):
    neighbourhood = NeighbourhoodFactory()
    ContributionFactory.create_batch(3, neighbourhood=neighbourhood)
    db.session.commit()
    path = f"/neighbourhoods/{neighbourhood.slug}/contributions/"
    with count_queries() as statements:
        response = bench_client.get(path)
    assert response.status_code == 200
    assert int(response.headers["X-Query-Count"]) == len(statements) > 0


def test_in_memory_baseline_renders_the_cards_of_the_real_page(app, bench_client):
    """The same contributions in the database give the same card markup on the real page as
    the in-memory baseline: the two differ only in where the data comes from."""
    neighbourhood = NeighbourhoodFactory()
    for item in baselines.BASELINE_ITEMS:
        ContributionFactory(
            id=item["id"],
            neighbourhood=neighbourhood,
            kind=ContributionKind(item["kind"]),
            title=item["title"],
            body=item["excerpt"],
            place=item["place"],
            support_count=item["support_count"],
            comment_count=item["comment_count"],
            created_at=item["created_at"],
            category_rows=[
                ContributionCategory(category=key) for key in baselines.BASELINE_CATEGORY_KEYS
            ],
        )
    db.session.commit()

    real = bench_client.get(f"/neighbourhoods/{neighbourhood.slug}/contributions/")
    in_memory = bench_client.get("/_bench/list-in-memory")

    real_cards = CARD_LIST.search(real.get_data(as_text=True)).group(0)
    in_memory_cards = CARD_LIST.search(in_memory.get_data(as_text=True)).group(0)
    assert len(CARD.findall(real_cards)) == len(baselines.BASELINE_ITEMS)
    assert in_memory_cards == real_cards


def test_gunicorn_entry_builds_the_production_app_with_the_bench_additions(migrated_database):
    app = bench_app.create_bench_app(_test_config(migrated_database))
    try:
        endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
        # Every page the runner measures, the baselines included, exists in the app it serves.
        assert {endpoint.view for endpoint in run.ENDPOINTS} <= endpoints
        response = app.test_client().get("/_bench/static")
        assert response.headers["X-Query-Count"] == "0"
    finally:
        with app.app_context():
            db.engine.dispose()


def _row(path, kind, rps, cards=20, name=None):
    return {"name": name or path, "path": path, "kind": kind, "rps": rps, "cards": cards}


def test_report_splits_a_list_page_into_data_access_template_work_and_flask():
    results = [
        _row(run.STATIC_BASELINE, "baseline", 2000.0, cards=0),  # 0.5 ms
        _row(run.TEMPLATE_BASELINE, "baseline", 400.0),  # 2.5 ms
        _row(run.IN_MEMORY_BASELINE, "baseline", 200.0),  # 5 ms
        _row("/page-1", "list", 100.0, name="list, page 1"),  # 10 ms
        _row("/search", "list", 300.0, cards=5, name="list, rare word"),
    ]
    table = "\n".join(run.time_split(results))
    assert "| list, page 1 | 20 | 10.0 | 5.0 | 2.5 | 50% | 45% | 5% |" in table
    assert "| list, rare word | 5 | 3.3 | 5.0 | 2.5 | fewer cards: not split | | |" in table
    assert "2.5 ms per page is what the real template costs beyond the minimal one" in table


def _run_with(scale_out):
    row = {**_row(run.TEMPLATE_BASELINE, "baseline", 400.0), "p50": 1, "p95": 2, "p99": 3}
    row.update(queries=[0], peak_rss_mb=50, errors=0)
    return {
        "backend": "postgresql",
        "generation": {"rows": {}, "seconds": {"users": 1.0}, "total_seconds": 1.0},
        "not_available": [],
        "facts": {"slug": "wijk-01", "per_neighbourhood": 2000},
        "results": [row],
        "missing": [],
        "writes": None,
        "scale_out": scale_out,
        "checks": {"support_mismatch": 0, "comment_mismatch": 0, "duplicate_votes": 0},
        "server_errors": "",
    }


def test_report_gives_the_throughput_of_one_and_of_two_app_servers_behind_nginx():
    size = run.generate.SIZES["small"]
    settings = run.Settings(size="small")
    rows = [
        {"servers": 1, "name": "cast a vote (logged in)", "rps": 90.0, "p95": 40.0, "errors": 0},
        {"servers": 2, "name": "cast a vote (logged in)", "rps": 150.5, "p95": 30.0, "errors": 0},
    ]
    text = run.report([_run_with(rows)], size, "small", settings, 10)
    assert "| endpoint | app servers | req/s | p95 ms | errors |" in text
    assert "| cast a vote (logged in) | 1 | 90.0 | 40.0 | 0 |" in text
    assert "| cast a vote (logged in) | 2 | 150.5 | 30.0 | 0 |" in text
    # Without nginx the report says why there is no such table.
    text = run.report([_run_with("nginx is not installed")], size, "small", settings, 10)
    assert "not measured: nginx is not installed" in text


def test_report_gives_the_daily_digest_time_and_memory_per_10000_residents(tmp_path, monkeypatch):
    monkeypatch.setattr(digest, "MEMORY_RESIDENTS", 20)
    measured = digest.run(f"sqlite:///{tmp_path / 'digest.sqlite'}", 40, batch=15)
    # Timed for everyone; the peak memory from the first 20 (measured before the rest came).
    assert (measured["mails"], measured["notifications"]) == (40, 160)
    assert measured["memory_residents"] == 20
    assert measured["peak_mib"] > 0
    bench_run = {**_run_with(None), "digest": measured}
    text = run.report([bench_run], run.generate.SIZES["small"], "small", run.Settings("small"), 1)
    assert "40 residents with 4 notifications each, in batches of 15 people" in text
    assert f"**{measured['seconds_per_10000']} s per 10,000 residents**" in text
    assert f"the digest for the first 20 of them) **{measured['peak_mib']} MiB**" in text


def test_report_says_what_one_request_costs_the_worker_and_the_database_server():
    row = {**_row("/page-1", "list", 100.0, name="list, page 1")}
    row["cpu_ms"] = {"app": 9.5, "database": 3.25, "load_generator": 1.0}
    table = "\n".join(run.cpu_split([row], "postgresql"))
    assert "| list, page 1 | 9.5 | 3.25 | 1.0 |" in table
    assert "| list, page 1 | 9.5 | (in the worker) | 1.0 |" in "\n".join(
        run.cpu_split([row], "sqlite")
    )


def test_cpu_time_is_read_from_proc_and_grows_with_work():
    import os

    before = run.cpu_seconds([os.getpid()])
    sum(i * i for i in range(2_000_000))
    assert run.cpu_seconds([os.getpid()]) > before
    assert run.cpu_seconds([999_999_999]) == 0  # a process that does not exist costs nothing


def test_a_partial_run_measures_the_named_endpoints_and_the_baselines():
    from bench import run

    settings = run.Settings(size="full", only=("opgave", "VOTE"))
    measured = [e.name for e in run.ENDPOINTS if settings.measures(e)]
    assert "cast a vote (logged in)" in measured
    assert "Opgave page, 100 evidence links" in measured
    assert all(
        e.name in measured for e in run.ENDPOINTS if e.kind == "baseline"
    )  # the ratios need them
    assert "list, most supported, page 1" not in measured
    assert all(run.Settings(size="full").measures(e) for e in run.ENDPOINTS)


def _measured(path, kind, rps, p95, name=None, cpu=None):
    return {**_row(path, kind, rps, name=name), "p95": p95, "cpu_ms": cpu}


def test_report_says_of_each_miss_whether_the_baselines_leave_room_or_set_the_floor():
    results = [
        _measured(
            run.TEMPLATE_BASELINE, "baseline", 250.0, 28.0, name="baseline: list-sized template"
        ),  # 4 ms a request
        _measured(run.MINIMAL_VOTE_BASELINE, "vote-baseline", 125.0, 45.0, name="baseline: x"),
        # 50 req/s at p95 200: p95 < 100 needs 100 req/s, 10 ms: above the template's 4 ms.
        _measured("/opgaven/1", "page", 50.0, 200.0, name="Opgave page", cpu={"app": 15.0}),
        # 50 req/s at p95 150: < 30 needs 250 req/s, 4 ms: below the minimal vote's 8 ms.
        _measured("/vote", "vote", 50.0, 150.0, name="a vote", cpu={"app": 16.0}),
        _measured("/fine", "page", 100.0, 60.0, name="a fast page"),
    ]
    results[2]["profile"] = {
        "requests": 30,
        "ms": 40.0,
        "packages": [("jinja2", 0.4), ("sqlalchemy", 0.3)],
        "own": [("markupsafe.escape", 0.12)],
        "ours": [("wijkplatform/opgaven/queries.py:evidence", 0.35)],
    }
    text = "\n".join(run.miss_lines(results, "sqlite", 4))

    assert "**Opgave page**: p95 200.0 ms, 50.0 req/s = 20.0 ms per request" in text
    assert "needed 10.0 ms" in text
    assert "above the floor (list-sized template: 4.0 ms, p95 28.0 ms): 10.0 ms" in text
    assert "own time by package: jinja2 40%, sqlalchemy 30%" in text
    assert "wijkplatform/opgaven/queries.py:evidence 35%" in text
    assert "**a vote**" in text and "needed 4.0 ms" in text
    assert "below the floor: the x alone takes 8.0 ms per request" in text
    assert "cannot be met on one worker here" in text
    assert "a fast page" not in text  # met its target: nothing to explain
    assert run.miss_lines(results[:2] + results[-1:], "sqlite", 4) == []


def test_minimal_vote_baseline_writes_a_vote_and_its_counter_for_a_signed_in_person(csrf_app):
    from tests.conftest import csrf_token_from
    from tests.factories import PASSWORD, UserFactory
    from wijkplatform.contributions.models import Contribution, Vote

    bench_app.init_app(csrf_app)
    client = csrf_app.test_client()
    contribution = ContributionFactory()
    person = UserFactory()
    db.session.commit()
    path = f"/_bench/minimal-vote/{contribution.id}"
    token = csrf_token_from(client.get("/account/login").get_data(as_text=True))
    assert client.post(path).status_code == 400  # no CSRF token: refused like a real vote
    # Not signed in: sent to the login page, nothing written.
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    client.post(
        "/account/login", data={"email": person.email, "password": PASSWORD, "csrf_token": token}
    )
    token = csrf_token_from(client.get(f"/contributions/{contribution.id}").get_data(as_text=True))

    response = client.post(path, data={"csrf_token": token})

    assert response.status_code == 200, response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Contribution, contribution.id).support_count == 1
    assert db.session.query(Vote).filter_by(user_id=person.id).count() == 1
