"""The demo: a fictional municipality, Lindenhoven, with people in every role.

Each feature adds its part in its own module here, loaded in dependency order. Every step
looks up what exists before creating it, so running the demo twice adds nothing twice.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

# Demo accounts play residents who have used the platform for a while, so their support,
# reactions and reports count (accounts.permissions.counts_as_resident) from the first run.
DEMO_ACCOUNT_AGE = timedelta(days=60)


def established(user) -> None:
    """Date a demo account made just now back, as if it were made two months ago."""
    from wijkplatform.core.db import utcnow

    made = utcnow() - DEMO_ACCOUNT_AGE
    user.created_at = made
    user.email_confirmed_at = made


@dataclass
class DemoReport:
    created: Counter = field(default_factory=Counter)
    existing: Counter = field(default_factory=Counter)
    logins: list[tuple[str, str, str]] = field(default_factory=list)

    def count(self, kind: str, was_created: bool) -> None:
        (self.created if was_created else self.existing)[kind] += 1

    def summary(self) -> str:
        kinds = sorted(set(self.created) | set(self.existing))
        lines = ["Demo loaded:"]
        for kind in kinds:
            lines.append(
                f"  {kind:<16} {self.created[kind]:>4} new, {self.existing[kind]:>4} already there"
            )
        if self.logins:
            lines.append("")
            lines.append("Log in at http://127.0.0.1:5000/account/login with:")
            width = max(len(email) for _, email, _ in self.logins)
            for role, email, password in self.logins:
                lines.append(f"  {role:<24} {email:<{width}}  {password}")
            lines.append("")
            lines.append(
                "The admin sets up two-factor login at the first login: the page shows a QR code"
            )
            lines.append("and the key as text for any authenticator (TOTP) app, then ten recovery")
            lines.append("codes. The admin manages people, roles and blocks at /admin/users/.")
        return "\n".join(lines)


def load_demo(echo: Callable[[str], None] = print) -> DemoReport:
    from wijkplatform.demo import (
        contributions,
        moderation,
        my_input,
        opgaven,
        people,
        places,
        profiles,
        team_design,
    )

    report = DemoReport()
    steps = [
        ("municipality and neighbourhoods", places.load),
        ("people in every role", people.load),
        ("area profiles (invented CBS-style figures)", profiles.load),
        ("contributions, support and comments", contributions.load),
        ("a resident's input, from her sentence to the Opgave", my_input.load),
        ("organisations, reports and official answers", moderation.load),
        ("Opgaven: one accepted, one open for reactions", opgaven.load),
        ("team designs: one complete and published, one in progress", team_design.load),
    ]
    for number, (label, step) in enumerate(steps, start=1):
        echo(f"[{number}/{len(steps)}] {label} …")
        step(report)
    return report
