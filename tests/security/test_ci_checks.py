"""The dependency audit fails the run on a known vulnerability and says plainly, with a
status of its own, when it could not check at all; backups refuse client tools older than
the server."""

from __future__ import annotations

import importlib.util
import json
import subprocess
from pathlib import Path

import pytest

from tests.conftest import TEST_DATABASE_URL

SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "pip_audit.py"


@pytest.fixture
def audit():
    spec = importlib.util.spec_from_file_location("pip_audit_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _fake_pip_audit(tmp_path, report: dict | None, exit_code: int) -> Path:
    """A stand-in for pip-audit that writes `report` to --output (or nothing) and exits."""
    fake = tmp_path / "pip-audit"
    body = json.dumps(report) if report is not None else ""
    fake.write_text(
        "#!/bin/sh\n"
        'while [ "$1" != "--output" ]; do shift; done\n'
        f"printf '%s' '{body}' > \"$2\"\n"
        + ("echo 'ConnectionError: pypi.org unreachable' >&2\n" if report is None else "")
        + f"exit {exit_code}\n"
    )
    fake.chmod(0o755)
    return fake


def test_known_vulnerability_fails_the_run(audit, tmp_path, capsys):
    report = {"dependencies": [
        {"name": "flask", "version": "0.12", "vulns": [
            {"id": "PYSEC-2018-66", "fix_versions": ["0.12.3"]}]},
        {"name": "nh3", "version": "0.3.0", "vulns": []},
    ]}  # fmt: skip
    assert audit.main(_fake_pip_audit(tmp_path, report, 1)) == 1
    assert "flask 0.12: PYSEC-2018-66 (fixed in 0.12.3)" in capsys.readouterr().out


def test_clean_report_passes(audit, tmp_path):
    report = {"dependencies": [{"name": "nh3", "version": "0.3.0", "vulns": []}]}
    assert audit.main(_fake_pip_audit(tmp_path, report, 0)) == 0


def test_unreachable_advisory_database_says_no_check_was_done_and_why(audit, tmp_path, capsys):
    note = tmp_path / "not-done"
    assert audit.main(_fake_pip_audit(tmp_path, None, 1), note=note) == audit.NOT_CHECKED != 0
    out = capsys.readouterr().out
    assert "NO CHECK WAS DONE: the advisory database could not be reached" in out
    assert "ConnectionError: pypi.org unreachable" in out  # why
    assert "this is not a pass" in out
    assert "packages audited" not in out
    assert "could not be reached" in note.read_text()  # make test repeats it at its end


def test_advisory_service_that_knows_no_installed_version_is_no_check(audit, tmp_path, capsys):
    unknown = {"skip_reason": "Dependency not found on PyPI and could not be audited"}
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.0", **unknown},
        {"name": "nh3", "version": "0.3.0", **unknown},
    ]}  # fmt: skip
    assert audit.main(_fake_pip_audit(tmp_path, report, 0)) == audit.NOT_CHECKED
    out = capsys.readouterr().out
    assert "NO CHECK WAS DONE: the advisory service knows none of the 2 installed versions" in out
    assert "0 packages audited" not in out


def test_packages_the_service_does_not_know_are_named_beside_a_pass(audit, tmp_path, capsys):
    report = {"dependencies": [
        {"name": "flask", "version": "3.1.0", "vulns": []},
        {"name": "wijkding", "version": "0.1", "skip_reason": "not found"},
    ]}  # fmt: skip
    assert audit.main(_fake_pip_audit(tmp_path, report, 0)) == 0
    out = capsys.readouterr().out
    assert "1 packages audited, 0 with known vulnerabilities" in out
    assert "not audited (unknown to the advisory service): wijkding 0.1" in out


def test_make_audit_fails_and_make_test_goes_on_when_no_check_was_done():
    makefile = (SCRIPT.parents[1] / "Makefile").read_text()
    audit_rule = makefile.split("\naudit:", 1)[1].split("\n\n", 1)[0]
    assert "||" not in audit_rule  # exit 2 fails `make audit`
    test_audit_rule = makefile.split("\ntest-audit:", 1)[1].split("\n\n", 1)[0]
    assert "|| [ $$? -eq 2 ]" in test_audit_rule  # only "not checked" lets make test go on
    assert "NO DEPENDENCY AUDIT WAS DONE" in makefile.split("\ntest:", 1)[1]


@pytest.mark.skipif(
    not TEST_DATABASE_URL.startswith("postgresql"), reason="needs PostgreSQL (make test)"
)
def test_backup_refuses_a_pg_dump_older_than_the_server(app, monkeypatch):
    from wijkplatform.core import backup

    def old_client(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, stdout="pg_dump (PostgreSQL) 9.6.24\n")

    monkeypatch.setattr(backup.subprocess, "run", old_client)
    with pytest.raises(backup.BackupError, match="version 9, the server 1"):
        backup.check_client_version("/usr/bin/pg_dump")


def test_pg_dump_on_this_machine_matches_a_postgresql_15_server():
    pg_dump = Path("/usr/bin/pg_dump")
    if not pg_dump.exists():
        pytest.skip("no pg_dump on this machine")
    version = subprocess.run([pg_dump, "--version"], capture_output=True, text=True).stdout
    assert int(version.split()[2].split(".")[0]) >= 15
