"""Run pip-audit on the virtualenv and say plainly what was checked.

Exit codes:
  0  every installed package was compared with the advisory database; none is known to be
     vulnerable (packages the database does not know are named in a warning);
  1  a known vulnerability: the run fails;
  2  NO CHECK WAS DONE: the advisory database could not be reached, or it knows none of the
     installed versions. That is not a pass, so `make audit` fails; `make test` goes on with
     its tests (an offline laptop or a PyPI outage does not block them) and repeats at its
     end that the audit was not done.

`--not-done-note FILE` writes the reason to FILE when no check was done (make test reads it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

NOT_CHECKED = 2


def _not_checked(reason: str, note: Path | None) -> int:
    print(f"pip-audit: NO CHECK WAS DONE: {reason}")
    print(
        "pip-audit: no installed package was compared with the known vulnerabilities; "
        "this is not a pass."
    )
    if note is not None:
        note.write_text(reason + "\n")
    return NOT_CHECKED


def main(pip_audit: Path | None = None, note: Path | None = None) -> int:
    pip_audit = pip_audit or Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        process = subprocess.run(
            [str(pip_audit), "--skip-editable", "--progress-spinner", "off",
             "--format", "json", "--output", str(report)],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if not report.exists() or not report.read_text().strip():
            why = (process.stderr.strip().splitlines() or ["pip-audit gave no reason"])[-1]
            return _not_checked(f"the advisory database could not be reached ({why}).", note)
        data = json.loads(report.read_text())
    dependencies = data.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    for dependency in vulnerable:
        for vuln in dependency["vulns"]:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fix yet"
            print(f"pip-audit: {dependency['name']} {dependency['version']}: {vuln['id']} "
                  f"(fixed in {fixes})")  # fmt: skip
    audited = len(dependencies) - len(skipped)
    if audited == 0:
        return _not_checked(
            f"the advisory service knows none of the {len(dependencies)} installed versions "
            "(a PyPI mirror without the per-version JSON API?).",
            note,
        )
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} with known vulnerabilities.")
    if skipped:
        print(f"pip-audit: WARNING: {len(skipped)} packages not audited (unknown to the "
              "advisory service): " + ", ".join(
                  f"{d['name']} {d.get('version', '')}".strip() for d in skipped))  # fmt: skip
    return 1 if vulnerable else 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--not-done-note", type=Path, help="write the reason here when no check was done"
    )
    sys.exit(main(note=parser.parse_args().not_done_note))
