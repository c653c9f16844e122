"""Template hooks (core/registries.py): a lower feature's template calls a function that a
higher feature provides. Every hook is always defined, so no template asks `is defined`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import config
from wijkplatform import create_core_app
from wijkplatform.core import registries

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_an_app_without_pages_answers_every_hook_with_nothing_to_show():
    settings = {k: getattr(config.TestConfig, k) for k in dir(config.TestConfig) if k.isupper()}
    app = create_core_app(settings)
    assert set(registries.TEMPLATE_HOOKS) <= set(app.jinja_env.globals)
    with app.test_request_context("/"):
        rendered = app.jinja_env.from_string(
            "[{{ moderation_panel(none) }}|{{ report_url('comment', 1) }}"
            "|{{ photo_removal_url(none, none) }}|{{ worker_inbox() }}"
            "|{{ shows_admin_link() }}|{{ shows_review_link() }}]"
        ).render()
    assert rendered == "[|None|None|None|False|False]"


def test_the_pages_provide_the_hooks_of_their_features(app):
    for name in registries.TEMPLATE_HOOKS:
        assert app.jinja_env.globals[name] is not registries.TEMPLATE_HOOKS[name], name


def test_no_template_asks_whether_a_hook_is_defined():
    asked = [
        f"{path.relative_to(TEMPLATES)}: {name}"
        for path in TEMPLATES.rglob("*.html")
        for name in registries.TEMPLATE_HOOKS
        if re.search(rf"\b{name} is defined", path.read_text())
    ]
    assert asked == []


def test_a_hook_must_be_declared_before_a_feature_provides_it(app):
    with pytest.raises(ValueError):
        registries.provide_template_hook(app, "moderation_pannel", lambda contribution: "")
