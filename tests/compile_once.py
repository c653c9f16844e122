"""Compile the app's URL builders and templates once per test run instead of once per app.

The tests build a fresh app for nearly every test (tests/conftest.py, `make_app`), and each
new app compiled the same code again: werkzeug generates and compiles a URL-builder function
for each of the app's ~670 URL rules, twice (Rule._compile_builder), and Jinja parses and
compiles every template a test renders. That was the larger part of many tests' time.

Neither depends on the app, only on the input they are compiled from:

- werkzeug's builder function depends on the rule text, its parsed parts, its defaults and
  whether unknown arguments go into the query string; it refers to its rule only through
  its `self` argument (converters are looked up on the rule when it runs). `install()`
  keeps one function per exactly those inputs, and each rule still binds it to itself, as
  werkzeug does.
- A template's code depends on its source and on the Jinja environment's compile settings
  (syntax, extensions, the filter and test names it checks, autoescaping, undefined).
  `TEMPLATES` is a Jinja bytecode cache that keeps the compiled code per template name,
  source checksum and those settings.

The app itself is not changed: production builds its URL map and Jinja environment once.
"""

from __future__ import annotations

from jinja2 import BytecodeCache
from werkzeug.routing.rules import Rule

# --- URL builders ------------------------------------------------------------------------

_original_compile_builder = Rule._compile_builder
_builders: dict[tuple, object] = {}


def _builder_key(rule: Rule, append_unknown: bool) -> tuple:
    defaults = rule.defaults or {}
    # Parts of the rule that have a default become constants at compile time (the
    # converter's to_url): those constants are part of the generated code.
    resolved = tuple(
        (data, rule._converters[data].to_url(defaults[data]))
        for is_dynamic, data in rule._trace
        if is_dynamic and data in defaults
    )
    return (
        rule.rule,
        append_unknown,
        tuple(rule._trace),
        tuple(str(key) for key in defaults),
        resolved,
    )


def _compile_builder(self: Rule, append_unknown: bool = True):
    key = _builder_key(self, append_unknown)
    builder = _builders.get(key)
    if builder is None:
        builder = _builders[key] = _original_compile_builder(self, append_unknown)
    return builder


def install() -> None:
    Rule._compile_builder = _compile_builder


# --- templates ---------------------------------------------------------------------------


def _qualname(value) -> str:
    value = getattr(value, "__func__", value)
    return getattr(value, "__qualname__", repr(value))


def _compile_settings(environment, name: str) -> tuple:
    """Everything of the environment that the compiled code of template `name` depends on."""
    autoescape = environment.autoescape
    return (
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        environment.is_async,
        autoescape(name) if callable(autoescape) else autoescape,
        _qualname(environment.undefined),
        _qualname(environment.finalize) if environment.finalize else None,
        tuple(sorted(environment.extensions)),
        getattr(environment, "newstyle_gettext", None),
        environment.policies.get("ext.i18n.trimmed"),
        environment.policies.get("compiler.ascii_str"),
        tuple(sorted(environment.filters)),
        tuple(sorted(environment.tests)),
    )


class _SharedTemplateCode(BytecodeCache):
    """Compiled template code kept in memory for every app of the test run."""

    def __init__(self) -> None:
        self.code: dict[tuple, object] = {}
        self.compiled = 0

    def get_bucket(self, environment, name, filename, source):
        bucket = super().get_bucket(environment, name, filename, source)
        bucket.key = (bucket.key, _compile_settings(environment, name))
        bucket.code = self.code.get((bucket.key, bucket.checksum))
        return bucket

    def load_bytecode(self, bucket) -> None:
        pass  # get_bucket looks the code up, once the key is complete

    def dump_bytecode(self, bucket) -> None:
        self.compiled += 1
        self.code[(bucket.key, bucket.checksum)] = bucket.code


TEMPLATES = _SharedTemplateCode()


def share_templates(app) -> None:
    app.jinja_env.bytecode_cache = TEMPLATES
