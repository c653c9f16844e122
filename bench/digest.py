"""The daily digest at scale: N residents, each with notifications about a few
contributions, turned into one mail each by `mailing.queue_mails` (as `flask mail digest
--daily` does). Reports the time (per 10,000 residents) and, from a run under tracemalloc
(which slows Python down) for the first 1,000 of them, the peak Python memory. `make bench`
(bench/run.py) runs it for each backend with as many residents as the city has.

    python -m bench.digest --residents 20000                       # SQLite in a temp folder
    python -m bench.digest --residents 100000 --database-url postgresql+psycopg://…/db

The database must be empty or new (SQLite: made here); the schema is built by the
migrations. Peak memory should not grow with N: the digest works in batches of people.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, insert, select

NOTIFICATIONS_PER_RESIDENT = 4
CONTRIBUTIONS = 40
CHUNK = 5_000
# The peak memory is measured on this many residents (two batches of 500).
MEMORY_RESIDENTS = 1_000


def populate(residents: int, *, seed: int = 17) -> None:
    """`residents` accounts with unread notifications that want the daily digest (the
    default for reactions), in bulk inserts."""
    from tests.factories import ContributionFactory, NeighbourhoodFactory, UserFactory
    from wijkplatform.accounts.models import User
    from wijkplatform.core.db import utcnow
    from wijkplatform.extensions import db
    from wijkplatform.notifications.models import Notification, NotificationKind, SubjectType

    rng = random.Random(seed)
    neighbourhood = NeighbourhoodFactory()
    actor = UserFactory(display_name="Buurvrouw")
    contribution_ids = [
        ContributionFactory(neighbourhood=neighbourhood, author=actor).id
        for _ in range(CONTRIBUTIONS)
    ]
    db.session.commit()
    password_hash = actor.password_hash
    now = utcnow()
    start = db.session.scalar(select(func.coalesce(func.max(User.id), 0))) + 1
    for first in range(0, residents, CHUNK):
        count = min(CHUNK, residents - first)
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"digest-{seed}-{first + n}@bench.example",
                    "display_name": f"Bewoner {first + n}",
                    "password_hash": password_hash,
                    "locale": "nl" if n % 5 else "en",
                }
                for n in range(count)
            ],
        )
        db.session.execute(
            insert(Notification),
            [
                {
                    "recipient_id": start + first + n,
                    "kind": NotificationKind.COMMENT_REPLY,
                    "subject_type": SubjectType.CONTRIBUTION,
                    "subject_id": rng.choice(contribution_ids),
                    "actor_id": actor.id,
                    "detail": "1",
                    "created_at": now - timedelta(minutes=rng.randint(1, 1400)),
                }
                for n in range(count)
                for _ in range(NOTIFICATIONS_PER_RESIDENT)
            ],
        )
        db.session.commit()


def measure(batch: int, *, memory: bool = True) -> dict:
    """Run the daily digest; its time and (with `memory`: tracemalloc, which slows Python
    down by about half) its peak memory."""
    from wijkplatform.notifications import mailing
    from wijkplatform.notifications.models import Frequency

    if memory:
        tracemalloc.start()
    started = time.perf_counter()
    report = mailing.queue_mails(Frequency.DAILY, batch=batch)
    seconds = time.perf_counter() - started
    peak = None
    if memory:
        peak = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    return {
        "mails": report.mails,
        "notifications": report.notifications,
        "seconds": round(seconds, 2),
        "peak_mib": peak,
    }


def _again() -> None:
    """Undo a digest run (the notifications waiting again, no mail queued), to measure the
    same digest a second time."""
    from sqlalchemy import delete, update

    from wijkplatform.core.mail import OutgoingMail
    from wijkplatform.extensions import db
    from wijkplatform.notifications.models import Notification

    db.session.execute(update(Notification).values(mailed_at=None))
    db.session.execute(delete(OutgoingMail))
    db.session.commit()


def run(database_url: str, residents: int, *, batch: int = 500, memory: bool = True) -> dict:
    """Build the schema and the residents in the empty database at `database_url` and time
    the daily digest for all of them (without tracemalloc). With `memory`, first the peak
    memory, under tracemalloc (three times slower), of the digest for the first
    MEMORY_RESIDENTS of them: the peak is one batch's, whatever the number of residents
    (tests/notifications/test_digest_scale.py), so measuring it on all of them would only
    take longer. bench/run.py reports this for each backend. The log says one line per mail
    at INFO; it is kept to warnings meanwhile, so the time is the digest's, not the console's.
    """
    from flask_migrate import upgrade

    from wijkplatform import create_app
    from wijkplatform.extensions import db

    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": database_url, "PUBLIC_URL": "https://wijk.example"}
    )
    app_log = logging.getLogger("wijkplatform")
    level = app_log.level
    with app.app_context():
        upgrade()
        app_log.setLevel(logging.WARNING)
        try:
            first = min(residents, MEMORY_RESIDENTS) if memory else residents
            started = time.perf_counter()
            populate(first)
            built = time.perf_counter() - started
            peak = None
            if memory:
                peak = measure(batch, memory=True)["peak_mib"]
                _again()
                if residents > first:
                    started = time.perf_counter()
                    populate(residents - first, seed=18)
                    built += time.perf_counter() - started
            result = measure(batch, memory=False)
        finally:
            app_log.setLevel(level)
            db.session.remove()
            db.engine.dispose()
    result.update(
        residents=residents,
        batch=batch,
        peak_mib=peak,
        memory_residents=first if memory else None,
        database=database_url.split(":")[0].split("+")[0],
        populate_seconds=round(built, 1),
        seconds_per_10000=round(result["seconds"] * 10_000 / residents, 2),
    )
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--no-memory", action="store_true", help="Time only (skip the run with tracemalloc)."
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'digest.sqlite'}"
        result = run(url, args.residents, batch=args.batch, memory=not args.no_memory)
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
