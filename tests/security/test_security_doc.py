"""SECURITY.md proves each claim with a test: every test (and code name) it cites exists.

A citation is `file::name`; `::name` after it names another test of the last file cited in
the same section (a bare `test_x.py` is beside it); `S/`, `O/`, `N/` and `T/` are the
shorthands SECURITY.md defines. Code is cited from the project or from inside the package."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHORTHANDS = {
    "S/": "tests/security/",
    "O/": "tests/opgaven/",
    "N/": "tests/neighbourhoods/",
    "T/": "tests/moderation/test_sock_puppets.py",
}
CITATION = re.compile(r"((?:[SONT]/)?[\w/.]*\w\.py|\bT/)(?:::(\w+))?|::(\w+)")


@cache
def _names(path: str) -> frozenset[str] | None:
    file = ROOT / path
    if not file.is_file():
        return None
    names = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
    return frozenset(names)


def _full_path(cited: str, last: str | None) -> str:
    if "/" not in cited and cited.startswith("test_") and last and last.startswith("tests/"):
        return str(Path(last).parent / cited)  # a test file beside the one cited before
    for short, full in SHORTHANDS.items():
        if cited.startswith(short):
            return full + cited[len(short) :]
    if (ROOT / cited).exists() or cited.startswith("tests/"):
        return cited
    return "wijkplatform/" + cited  # code is cited from inside the package


def citations(text: str):
    last = None
    for number, line in enumerate(text.splitlines(), 1):
        if line.startswith("#"):
            last = None
        for match in CITATION.finditer(line):
            cited, name, more = match.groups()
            if cited:
                last = _full_path(cited, last)
                yield number, last, name
            elif last is not None:
                yield number, last, more


def test_every_test_security_md_cites_exists():
    missing = []
    for number, path, name in citations((ROOT / "SECURITY.md").read_text()):
        names = _names(path)
        if names is None:
            if path.startswith("tests/"):
                missing.append(f"line {number}: {path} (no such file)")
        elif name and name not in names:
            missing.append(f"line {number}: {path}::{name}")
    assert missing == []
