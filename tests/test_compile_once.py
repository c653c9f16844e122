"""The test run compiles URL builders and templates once (tests/compile_once.py): what is
shared between apps must still follow each rule and each template source."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, TemplateAssertionError
from werkzeug.routing import Map, Rule

from tests.compile_once import TEMPLATES


def _urls(language: str) -> tuple[str, str]:
    urls = Map(
        [
            # A part of the rule with a default is compiled into the builder as a constant.
            Rule("/<lang>/start", defaults={"lang": language}, endpoint="start"),
            Rule("/item/<int:item>/<slug>", endpoint="item"),
        ]
    ).bind("localhost")
    return (
        urls.build("start", {"sort": "new"}),
        urls.build("item", {"item": 3, "slug": "a b"}),
    )


def test_url_builders_shared_between_maps_build_each_maps_own_urls():
    assert _urls("nl") == ("/nl/start?sort=new", "/item/3/a%20b")
    # The same rules with another default: the builder is not the first map's.
    assert _urls("en") == ("/en/start?sort=new", "/item/3/a%20b")


def _environment(source: str, **filters) -> Environment:
    environment = Environment(loader=DictLoader({"shared.html": source}))
    environment.filters.update(filters)
    environment.bytecode_cache = TEMPLATES
    return environment


def test_shared_template_code_follows_the_source_and_the_environment():
    first = _environment("A {{ x|shout }}", shout=str.upper)
    assert first.get_template("shared.html").render(x="b") == "A B"
    # Same name, other source: compiled anew.
    changed = _environment("C {{ x|shout }}", shout=str.upper)
    assert changed.get_template("shared.html").render(x="d") == "C D"
    # Same source where the filter does not exist: Jinja's compile-time check still fails.
    with pytest.raises(TemplateAssertionError):
        _environment("A {{ x|shout }}").get_template("shared.html")
    # And the first source once more comes from the cache, rendered with this environment.
    compiled = TEMPLATES.compiled
    again = _environment("A {{ x|shout }}", shout=str.lower)
    assert again.get_template("shared.html").render(x="B") == "A b"
    assert TEMPLATES.compiled == compiled
