"""`make profile` profiles one page as a real gunicorn worker serves it and says where the
time goes, so a performance change is chosen from a profile, not a guess."""

from __future__ import annotations

import pytest

from bench import generate, profile, run
from tests.bench.test_generate import TINY
from wijkplatform.extensions import db


def test_a_page_is_chosen_by_its_benchmark_name_part_of_it_or_a_path():
    assert profile.resolve_page("list, most supported, page 1").path == (
        "/neighbourhoods/{slug}/contributions/"
    )
    assert profile.resolve_page("moderation queue").signed_in_as == "moderator"
    assert profile.resolve_page("/neighbourhoods/{slug}/").path == "/neighbourhoods/{slug}/"
    with pytest.raises(SystemExit, match="matches several pages"):
        profile.resolve_page("list")
    with pytest.raises(SystemExit, match="matches no page"):
        profile.resolve_page("no such page")


@pytest.mark.parametrize(
    ("filename", "function", "package"),
    [
        (
            "/x/wijkplatform/contributions/queries/lists.py",
            "list_contributions",
            "wijkplatform (our code)",
        ),
        (
            "/x/templates/contributions/_contribution.html",
            "root",
            "templates (compiled Jinja of ours)",
        ),
        (
            "/x/.venv/lib/python3.11/site-packages/sqlalchemy/orm/loading.py",
            "_instance",
            "sqlalchemy",
        ),
        ("~", "<method 'execute' of 'sqlite3.Cursor' objects>", "database driver"),
        ("/x/.venv/lib/python3.11/site-packages/psycopg/cursor.py", "execute", "database driver"),
        ("~", "<built-in method builtins.hasattr>", "python standard library and built-ins"),
        ("/usr/lib/python3.11/re/__init__.py", "sub", "python standard library and built-ins"),
        (
            "/x/.venv/lib/python3.11/site-packages/flask_babel/__init__.py",
            "gettext",
            "babel and i18n",
        ),
        (
            "/x/.venv/lib/python3.11/site-packages/markupsafe/__init__.py",
            "escape",
            "other packages",
        ),
    ],
)
def test_own_time_is_counted_for_the_package_the_function_belongs_to(filename, function, package):
    assert profile.package_of(filename, function) == package


def test_profile_of_a_list_page_served_by_gunicorn_names_the_view_and_the_packages(
    app, migrated_database, tmp_path
):
    db.session.remove()
    with db.engine.begin() as connection:
        summary = generate.generate(connection, TINY, echo=lambda line: None)
    facts = run.city_facts(migrated_database, summary)
    endpoint = profile.resolve_page("list, most supported, page 1")

    path, seconds, queries, stats = profile.profile_page(
        migrated_database, facts, endpoint, requests=4, warmup=1, workdir=tmp_path, echo=print
    )
    text = profile.report(
        endpoint=endpoint,
        path=path,
        backend="test",
        size_name="tiny",
        requests=4,
        seconds=seconds,
        queries=queries,
        stats=stats,
        top=15,
    )

    assert path == f"/neighbourhoods/{facts['slug']}/contributions/"
    # Only the four measured requests are in the profile, not the warm-up.
    assert stats.total_calls > 0
    view_calls = [
        calls
        for (filename, _line, name), (_cc, calls, *_rest) in stats.stats.items()
        if name == "neighbourhood_list" and filename.endswith("lists.py")
    ]
    assert view_calls == [4]
    assert len(queries) == 4 and queries[0] > 0
    assert "## Own time per package" in text
    for package in ("sqlalchemy", "jinja2", "wijkplatform (our code)"):
        assert package in text
    assert "neighbourhood_list" in text  # the view is among the costliest by cumulative time

    # What the benchmark report says of a page that misses its target (bench.run.miss_lines).
    said = profile.summary(stats, 4, seconds)
    assert said["requests"] == 4 and said["ms"] > 0
    assert "sqlalchemy" in [name for name, _share in said["packages"]]
    assert said["ours"] and all(
        name.startswith(("wijkplatform/", "templates/")) for name, _share in said["ours"]
    )
    # The view holds the whole request: naming it as a hot spot would say nothing.
    assert not any(name.endswith(":neighbourhood_list") for name, _share in said["ours"])
    assert all(0 < share <= 1 for _name, share in said["own"])
