"""Password rules per NIST SP 800-63B §5.1.1.2: a minimum and maximum length, no
composition rules, and no password from the list of most common passwords shipped in
wijkplatform/data/common-passwords.txt (source and licence in its header)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common-passwords.txt"


@cache
def common_passwords() -> frozenset[str]:
    with COMMON_PASSWORDS_FILE.open(encoding="utf-8") as handle:
        return frozenset(
            line.strip() for line in handle if line.strip() and not line.startswith("#")
        )


def is_common(password: str) -> bool:
    candidate = password.strip().lower()
    return candidate in common_passwords() or " ".join(candidate.split()) in common_passwords()
