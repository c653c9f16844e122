"""Run pip-audit on the virtualenv: fail on a known vulnerability, not on a network error.

Exit 1 when pip-audit reports a vulnerability; exit 0 (with a warning) when the advisory
database cannot be reached or a package could not be looked up, so an offline laptop or a
PyPI outage does not block the test run. CI logs show the warning.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path


def main(pip_audit: Path | None = None) -> int:
    pip_audit = pip_audit or Path(sys.executable).with_name("pip-audit")
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "audit.json"
        process = subprocess.run(
            [str(pip_audit), "--skip-editable", "--progress-spinner", "off",
             "--format", "json", "--output", str(report)],
            capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        if not report.exists() or not report.read_text().strip():
            print("pip-audit: WARNING: could not reach the advisory database; audit skipped.")
            print("  " + (process.stderr.strip().splitlines() or ["(no message)"])[-1])
            return 0
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
    print(f"pip-audit: {audited} packages audited, {len(vulnerable)} with known "
          f"vulnerabilities, {len(skipped)} not found on the advisory service.")  # fmt: skip
    if dependencies and audited == 0:
        print("pip-audit: WARNING: NOTHING WAS AUDITED: the advisory service knows none of the "
              "installed versions (a PyPI mirror without the JSON API?).")  # fmt: skip
    if skipped:
        print("pip-audit: WARNING: not audited: " + ", ".join(
            f"{d['name']} {d.get('version', '')}".strip() for d in skipped))  # fmt: skip
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
