"""The daily digest at scale: N residents, each with notifications about a few
contributions, turned into one mail each by `mailing.queue_mails` (as `flask mail digest
--daily` does). Reports time and peak Python memory (tracemalloc) per 10,000 residents.

    python -m bench.digest --residents 20000                       # SQLite in a temp folder
    python -m bench.digest --residents 100000 --database-url postgresql+psycopg://…/db

The database must be empty or new (SQLite: made here); the schema is built by the
migrations. Peak memory should not grow with N: the digest works in batches of people.
"""

from __future__ import annotations

import argparse
import json
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


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=20_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--database-url")
    parser.add_argument(
        "--no-memory", action="store_true", help="Time only (tracemalloc slows it down)."
    )
    args = parser.parse_args(argv)

    from flask_migrate import upgrade

    from wijkplatform import create_app

    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'digest.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PUBLIC_URL": "https://wijk.example"})
        with app.app_context():
            upgrade()
            started = time.perf_counter()
            populate(args.residents)
            built = time.perf_counter() - started
            result = measure(args.batch, memory=not args.no_memory)
        per = 10_000 / args.residents
        result.update(
            residents=args.residents,
            batch=args.batch,
            database=url.split(":")[0],
            populate_seconds=round(built, 1),
            seconds_per_10000=round(result["seconds"] * per, 2),
        )
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
