"""Templates: strict rendering in tests, forgiving rendering in production, and every
partial's `{# args: … #}` line says exactly what it needs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from jinja2 import meta, nodes
from jinja2.exceptions import UndefinedError

import config
from wijkplatform import create_app

TEMPLATE_DIR = Path(__file__).resolve().parents[2] / "templates"
PARTIALS = sorted(TEMPLATE_DIR.rglob("_*.html"))
ARGS_LINE = re.compile(r"\{# args: (?P<args>.*) #\}")


# --- strict in tests, forgiving in production -------------------------------------------


def test_a_missing_variable_fails_a_test_render(app):
    with pytest.raises(UndefinedError):
        app.jinja_env.from_string("{{ forgotten }}").render()


def test_a_missing_optional_value_does_not_break_a_page_in_production(tmp_path):
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}", "SECRET_KEY": "x"}
    )
    assert app.config["JINJA_STRICT_UNDEFINED"] is False
    assert config.ProductionConfig.JINJA_STRICT_UNDEFINED is False
    assert app.jinja_env.from_string("[{{ forgotten }}]").render() == "[]"


# --- the args line --------------------------------------------------------------------


def _split_top_level(text: str) -> list[str]:
    """`a (x, y), b` -> ["a (x, y)", "b"]: commas inside brackets belong to a note."""
    items, depth, current = [], 0, ""
    for char in text:
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item]


def declared_args(path: Path) -> dict[str, bool]:
    """{name: optional} from the first line of a partial."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = ARGS_LINE.fullmatch(first)
    assert match, f"{path.relative_to(TEMPLATE_DIR)} does not start with {{# args: … #}}"
    declared = {}
    for item in _split_top_level(match["args"]):
        name = re.match(r"\w+", item)
        assert name, f"{path.relative_to(TEMPLATE_DIR)}: cannot read the argument {item!r}"
        declared[name.group()] = "optional" in item[name.end() :]
    return declared


@pytest.fixture(scope="module")
def environment(migrated_database):
    """The app's Jinja environment and the names every render gets without being passed:
    Jinja's and Flask's globals and the app's context processors."""
    settings = {key: getattr(config.TestConfig, key) for key in dir(config.TestConfig)}
    settings["SQLALCHEMY_DATABASE_URI"] = migrated_database
    app = create_app({key: value for key, value in settings.items() if key.isupper()})
    with app.test_request_context("/"):
        context: dict = {}
        app.update_template_context(context)
    return app.jinja_env, set(app.jinja_env.globals) | set(context)


def _names(target) -> set[str]:
    if isinstance(target, nodes.Name):
        return {target.name}
    return {n.name for n in target.find_all(nodes.Name)}


def _set(tree) -> set[str]:
    """Names the template sets for itself (`set`, `for`, macros, imports). Jinja reports a
    name set in one branch of an `if` as free; it is not an argument."""
    assigned = tree.find_all((nodes.Assign, nodes.AssignBlock, nodes.For))
    names = {n for node in assigned for n in _names(node.target)}
    names |= {m.name for m in tree.find_all(nodes.Macro)}
    for imported in tree.find_all(nodes.FromImport):
        names |= {n if isinstance(n, str) else n[1] for n in imported.names}
    names |= {i.target for i in tree.find_all(nodes.Import)}
    return names


def _set_around_includes(tree) -> set[str]:
    """Names the template sets for the partials it includes (`with`), or sets at all."""
    names = _set(tree)
    for block in tree.find_all(nodes.With):
        names |= {n for target in block.targets for n in _names(target)}
    return names


def _macro_parameters(tree) -> set[str]:
    return {arg.name for macro in tree.find_all(nodes.Macro) for arg in macro.args}


def needed(env, always_there: set[str], name: str, seen: frozenset = frozenset()) -> set[str]:
    """What a template reads from its context: its own free names, and what the partials it
    includes need and it does not set itself (their optional arguments they guard)."""
    source = (TEMPLATE_DIR / name).read_text(encoding="utf-8")
    tree = env.parse(source)
    free = meta.find_undeclared_variables(tree) - _set(tree)
    for include in tree.find_all(nodes.Include):
        assert isinstance(include.template, nodes.Const), f"{name}: include by a fixed name"
        child = include.template.value
        if child not in seen:
            optional = {arg for arg, is_optional in declared_args(TEMPLATE_DIR / child).items()
                        if is_optional}  # fmt: skip
            inherited = needed(env, always_there, child, seen | {name}) - optional
            free |= inherited - _set_around_includes(tree)
    return (free | _macro_parameters(tree)) - always_there


def _guarded(tree) -> set[str]:
    """Names the template tests with `is defined` or gives a `|default`."""
    names = {
        t.node.name
        for t in tree.find_all(nodes.Test)
        if t.name in ("defined", "undefined") and isinstance(t.node, nodes.Name)
    }
    names |= {
        f.node.name
        for f in tree.find_all(nodes.Filter)
        if f.name in ("default", "d") and isinstance(f.node, nodes.Name)
    }
    return names


@pytest.mark.parametrize("path", PARTIALS, ids=lambda p: str(p.relative_to(TEMPLATE_DIR)))
def test_partial_lists_exactly_the_arguments_it_uses(environment, path):
    env, always_there = environment
    name = path.relative_to(TEMPLATE_DIR).as_posix()
    declared = set(declared_args(path))
    used = needed(env, always_there, name)
    assert declared - used == set(), f"{name} lists arguments it never uses"
    assert used - declared == set(), f"{name} uses arguments its args line does not list"


@pytest.mark.parametrize("path", PARTIALS, ids=lambda p: str(p.relative_to(TEMPLATE_DIR)))
def test_optional_arguments_are_the_ones_the_partial_can_do_without(environment, path):
    env, always_there = environment
    tree = env.parse(path.read_text(encoding="utf-8"))
    optional = {arg for arg, is_optional in declared_args(path).items() if is_optional}
    guarded = _guarded(tree) - always_there
    assert optional - guarded == set(), "optional, but used without `is defined` or `|default`"
    assert guarded - optional == set(), "guarded with `is defined`, but not marked (optional)"
