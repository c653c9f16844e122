"""Build a city quickly: bulk inserts straight into the migrated schema.

SQLite gets executemany on the driver connection in large chunks; PostgreSQL gets COPY.
Every stored counter (support_count, comment_count) equals the rows it counts.

    python -m bench.generate --database-url sqlite:///instance/bench.sqlite --size small
"""

from __future__ import annotations

import argparse
import json
import random
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import text
from werkzeug.security import generate_password_hash

from wijkplatform.accounts.models import new_session_token
from wijkplatform.contributions.models import CATEGORIES
from wijkplatform.core.markdown import RENDERER_VERSION, render_markdown
from wijkplatform.neighbourhoods.indicators import INDICATORS

PASSWORD = "bench-wachtwoord-123"  # every generated account; the hash is cheap on purpose
THREAD_COMMENTS = 300  # the contribution the benchmark opens has exactly this many comments
CHUNK = 50_000
# One of these ends every body: a search for one finds 1 in 50 contributions, like a real
# search for a street or a place; a search for a common word finds almost all.
TOPICS = [
    f"{name}straat"
    for name in (
        "akker",
        "beuken",
        "dahlia",
        "eiken",
        "flora",
        "gerbera",
        "hazel",
        "iris",
        "jasmijn",
        "kastanje",
        "linden",
        "meidoorn",
        "narcis",
        "olm",
        "populier",
        "quercus",
        "rozen",
        "seringen",
        "tulpen",
        "ulmen",
        "viool",
        "wilgen",
        "xenia",
        "yucca",
        "zonnebloem",
        "abelen",
        "berken",
        "cipressen",
        "dennen",
        "elzen",
        "fuchsia",
        "goudsbloem",
        "hortensia",
        "ijpen",
        "jacobs",
        "klaver",
        "lelie",
        "magnolia",
        "notelaar",
        "orchidee",
        "pioen",
        "ranonkel",
        "salie",
        "tijm",
        "valeriaan",
        "wederik",
        "zilverspar",
        "anjer",
        "boterbloem",
        "crocus",
    )
]


@dataclass(frozen=True)
class Size:
    neighbourhoods: int
    residents: int
    contributions: int
    supports: int
    comments: int
    opgaven: int = 20
    # Residents left without generated votes: the benchmark's voters vote as these.
    spare_voters: int = 250


SIZES = {
    "small": Size(
        neighbourhoods=8, residents=3_000, contributions=2_000, supports=40_000, comments=8_000
    ),
    "medium": Size(
        neighbourhoods=40, residents=30_000, contributions=15_000, supports=600_000, comments=90_000
    ),
    # A size other platforms publish: 5,000 contributions, 50,000 supports and 20,000
    # comments in one neighbourhood (`make bench SIZE=peer`), so the report has a row that
    # compares with theirs.
    "peer": Size(
        neighbourhoods=1, residents=12_000, contributions=5_000, supports=50_000, comments=20_000
    ),
    "full": Size(
        neighbourhoods=40,
        residents=100_000,
        contributions=50_000,
        supports=2_000_000,
        comments=300_000,
    ),
}


@dataclass
class Summary:
    size: dict
    backend: str
    rows: dict = field(default_factory=dict)
    seconds: dict = field(default_factory=dict)
    not_available: list = field(default_factory=list)
    thread_contribution_id: int = 1
    slugs: list = field(default_factory=list)
    spare_voter_emails: list = field(default_factory=list)
    moderator_emails: list = field(default_factory=list)
    reviewer_email: str = "gemeente@bench.example"

    @property
    def total_seconds(self) -> float:
        return round(sum(self.seconds.values()), 1)


def parse_size(name: str | None, **explicit) -> Size:
    base = SIZES[name or "small"]
    changes = {key: value for key, value in explicit.items() if value is not None}
    return Size(**{**asdict(base), **changes})


class Writer:
    """Bulk rows into one table: COPY on PostgreSQL, executemany on SQLite."""

    def __init__(self, connection):
        self.connection = connection
        self.postgres = connection.dialect.name == "postgresql"

    def value(self, v):
        if self.postgres:
            return v
        if isinstance(v, datetime):
            return v.astimezone(UTC).replace(tzinfo=None).isoformat(" ")
        if isinstance(v, bool):
            return int(v)
        return v

    def rows(self, table: str, columns: list[str], rows) -> int:
        count = 0
        if self.postgres:
            raw = self.connection.connection.driver_connection
            with (
                raw.cursor() as cursor,
                cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ):
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        batch = []
        for row in rows:
            batch.append(tuple(self.value(v) for v in row))
            if len(batch) >= CHUNK:
                self.connection.exec_driver_sql(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            self.connection.exec_driver_sql(sql, batch)
            count += len(batch)
        return count


def _skewed_counts(rng: random.Random, n: int, total: int, cap: int) -> list[int]:
    """n counts summing to `total`, a few large and many small (Pareto), none above `cap`."""
    if n == 0:
        return []
    raw = [rng.paretovariate(1.3) for _ in range(n)]
    scale = total / sum(raw)
    counts = [min(cap, int(r * scale)) for r in raw]
    missing = total - sum(counts)
    order = list(range(n))
    while missing > 0:
        rng.shuffle(order)
        for i in order:
            if missing == 0:
                break
            if counts[i] < cap:
                counts[i] += 1
                missing -= 1
    return counts


def _coprime_steps(n: int) -> list[int]:
    from math import gcd

    return [p for p in (7919, 7927, 104_729, 130_363, 15_485_863) if gcd(p, n) == 1] or [1]


def generate(connection, size: Size, *, seed: int = 9, echo=print) -> Summary:
    """Fill an empty, migrated database. `connection` is a SQLAlchemy Connection in a
    transaction; the caller commits."""
    rng = random.Random(seed)
    write = Writer(connection)
    summary = Summary(size=asdict(size), backend=connection.dialect.name)
    now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def step(label):
        def wrap(fn):
            started = time.perf_counter()
            echo(f"  {label} …")
            rows = fn()
            seconds = time.perf_counter() - started
            summary.rows[label] = rows
            summary.seconds[label] = round(seconds, 2)
            echo(f"  {label}: {rows:,} rows in {seconds:.1f} s")
            return rows

        return wrap

    nb_ids = list(range(1, size.neighbourhoods + 1))
    summary.slugs = [f"wijk-{i:02d}" for i in nb_ids]

    @step("municipality and neighbourhoods")
    def _places():
        write.rows(
            "municipality",
            ["id", "name", "cbs_code", "created_at", "updated_at"],
            [(1, "Benchstad", "GM9999", now, now)],
        )
        return 1 + write.rows(
            "neighbourhood",
            [
                "id",
                "municipality_id",
                "name",
                "slug",
                "cbs_code",
                "description",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i,
                    1,
                    f"Wijk {i:02d}",
                    f"wijk-{i:02d}",
                    f"WK9999{i:02d}",
                    f"Wijk {i:02d} van Benchstad.",
                    now,
                    now,
                )
                for i in nb_ids
            ),
        )

    @step("area profiles")
    def _profiles():
        keys = list(INDICATORS)
        n = write.rows(
            "area_profile",
            [
                "id",
                "year",
                "region_code",
                "region_level",
                "region_name",
                "municipality_code",
                "source",
                "source_file",
                "extra",
                "created_at",
                "updated_at",
            ],
            (
                (
                    i,
                    2024,
                    f"WK9999{i:02d}",
                    "wijk",
                    f"Wijk {i:02d}",
                    "GM9999",
                    "kwb",
                    "bench",
                    "{}",
                    now,
                    now,
                )
                for i in nb_ids
            ),
        )
        n += write.rows(
            "indicator_value",
            ["profile_id", "key", "status", "value", "source_column"],
            ((i, key, "ok", round(rng.uniform(1, 60), 1), key) for i in nb_ids for key in keys),
        )
        return n

    password_hash = generate_password_hash(PASSWORD, method="scrypt:1024:8:1")
    n_users = size.residents

    # Residents joined a year ago with a confirmed address, so their support, reactions and
    # reports count (accounts.permissions.counts_as_resident) as a real city's would.
    joined = now - timedelta(days=365)

    @step("residents")
    def _users():
        n = write.rows(
            "user_account",
            [
                "id",
                "email",
                "display_name",
                "password_hash",
                "locale",
                "active",
                "session_token",
                "email_confirmed_at",
                "created_at",
                "updated_at",
            ],
            (
                (
                    u,
                    f"bewoner{u}@bench.example",
                    f"Bewoner {u}",
                    password_hash,
                    "nl",
                    True,
                    new_session_token(),
                    joined,
                    joined,
                    joined,
                )
                for u in range(1, n_users + 1)
            ),
        )
        n += write.rows(
            "membership",
            ["id", "user_id", "role", "neighbourhood_id", "created_at", "updated_at"],
            ((u, u, "resident", nb_ids[u % len(nb_ids)], now, now) for u in range(1, n_users + 1)),
        )
        return n

    spare = min(size.spare_voters, n_users // 2)
    pool = n_users - spare  # users 1..pool vote in the generated data
    summary.spare_voter_emails = [f"bewoner{u}@bench.example" for u in range(pool + 1, n_users + 1)]
    n_contrib = size.contributions
    supports = _skewed_counts(rng, n_contrib, min(size.supports, n_contrib * pool), pool)
    comment_total = min(size.comments, n_contrib * 2_000)
    rest = _skewed_counts(rng, n_contrib - 1, max(0, comment_total - THREAD_COMMENTS), 2_000)
    comments = [min(THREAD_COMMENTS, comment_total), *rest]
    created = [
        now - timedelta(minutes=rng.randrange(0, 2 * 365 * 24 * 60)) for _ in range(n_contrib)
    ]
    kinds = ("issue", "resource", "potential")
    words = (
        "buurthuis",
        "eenzaamheid",
        "speeltuin",
        "schulden",
        "mantelzorg",
        "taalcafé",
        "voedselbank",
        "jongeren",
        "veiligheid",
        "moskee",
        "vrijwilligers",
        "ouderen",
    )
    categories = list(CATEGORIES)

    @step("contributions")
    def _contributions():
        n = write.rows(
            "contribution",
            [
                "id",
                "kind",
                "neighbourhood_id",
                "municipality_id",
                "author_id",
                "title",
                "body",
                "status",
                "support_count",
                "comment_count",
                "hidden",
                "created_at",
                "updated_at",
            ],
            (
                (
                    c + 1,
                    kinds[c % 3],
                    nb_ids[c % len(nb_ids)],
                    1,
                    rng.randint(1, n_users),
                    f"Bijdrage {c + 1}: {rng.choice(words)} en {rng.choice(words)}",
                    " ".join(rng.choice(words) for _ in range(40)) + f" {rng.choice(TOPICS)}",
                    "open",
                    supports[c],
                    comments[c],
                    False,
                    created[c],
                    created[c],
                )
                for c in range(n_contrib)
            ),
        )
        n += write.rows(
            "contribution_category",
            ["contribution_id", "category"],
            (
                (c + 1, category)
                for c in range(n_contrib)
                for category in rng.sample(categories, 1 + c % 3)
            ),
        )
        return n

    @step("supports")
    def _votes():
        steps = _coprime_steps(pool)

        def rows():
            vote_id = 0
            for c in range(n_contrib):
                start, stride = rng.randrange(pool), steps[c % len(steps)]
                at = created[c] + timedelta(hours=1)
                for k in range(supports[c]):
                    vote_id += 1
                    yield (vote_id, (start + k * stride) % pool + 1, c + 1, at)

        return write.rows("vote", ["id", "user_id", "contribution_id", "created_at"], rows())

    @step("comments")
    def _comments():
        stances = ("for", "against", "question", "neutral")

        def rows():
            comment_id = 0
            for c in range(n_contrib):
                total = comments[c]
                top_level = total - total // 3
                first = comment_id + 1
                at = created[c] + timedelta(hours=2)
                for k in range(total):
                    comment_id += 1
                    parent = None if k < top_level else first + rng.randrange(top_level)
                    body = f"Reactie {k + 1}: " + " ".join(rng.choice(words) for _ in range(25))
                    yield (
                        comment_id,
                        c + 1,
                        rng.randint(1, n_users),
                        parent,
                        stances[k % 4],
                        body,
                        # Stored as the app stores it (issue 18): the page shows this HTML.
                        str(render_markdown(body)),
                        RENDERER_VERSION,
                        False,
                        at + timedelta(minutes=k),
                        at + timedelta(minutes=k),
                    )

        return write.rows(
            "comment",
            [
                "id",
                "contribution_id",
                "author_id",
                "parent_id",
                "stance",
                "body",
                "body_html",
                "body_html_version",
                "hidden",
                "created_at",
                "updated_at",
            ],
            rows(),
        )

    moderator_ids = [n_users + i for i in nb_ids]  # one neighbourhood worker per neighbourhood
    summary.moderator_emails = [f"wijkwerker{i}@bench.example" for i in nb_ids]

    @step("neighbourhood workers")
    def _moderators():
        n = write.rows(
            "user_account",
            [
                "id",
                "email",
                "display_name",
                "password_hash",
                "locale",
                "active",
                "session_token",
                "created_at",
                "updated_at",
            ],
            (
                (
                    moderator_ids[i - 1],
                    f"wijkwerker{i}@bench.example",
                    f"Wijkwerker {i}",
                    password_hash,
                    "nl",
                    True,
                    new_session_token(),
                    now,
                    now,
                )
                for i in nb_ids
            ),
        )
        n += write.rows(
            "membership",
            ["id", "user_id", "role", "neighbourhood_id", "created_at", "updated_at"],
            ((n_users + i, moderator_ids[i - 1], "moderator", i, now, now) for i in nb_ids),
        )
        return n

    # Contributions of neighbourhood `nb` are the ids c + 1 with nb_ids[c % len] == nb.
    def contributions_of(nb: int, count: int) -> list[int]:
        first = nb_ids.index(nb)
        return [c + 1 for c in range(first, n_contrib, len(nb_ids))][:count]

    def residents_of(nb: int, count: int) -> list[int]:
        first = nb_ids.index(nb)
        return list(range(first or len(nb_ids), pool + 1, len(nb_ids)))[:count]

    @step("reports and hidden contributions")
    def _reports():
        # The measured neighbourhood's queue: 60 reported contributions, 15 hidden ones.
        nb = nb_ids[0]
        reported = contributions_of(nb, 75)
        reporters = residents_of(nb, 3)
        reasons = ("offensive", "spam", "off_topic", "personal_data")
        rows = [
            (
                k * 3 + r + 1,
                reporter,
                "contribution",
                cid,
                nb,
                reasons[(k + r) % 4],
                None,
                now - timedelta(hours=k),
            )
            for k, cid in enumerate(reported[:60])
            for r, reporter in enumerate(reporters[: 1 + k % 2])
        ]
        n = write.rows(
            "flag",
            [
                "id",
                "reporter_id",
                "target_type",
                "target_id",
                "neighbourhood_id",
                "reason",
                "text",
                "created_at",
            ],
            rows,
        )
        hidden = reported[60:]
        if hidden:
            connection.execute(
                text(
                    "UPDATE contribution SET hidden = :t, hidden_at = :at, hidden_reason = "
                    "'Persoonlijke gegevens in de tekst.' WHERE id IN ("
                    + ", ".join(str(i) for i in hidden)
                    + ")"
                ),
                {"t": True, "at": write.value(now)},
            )
        return n + len(hidden)

    sections = (
        "task",
        "characteristics",
        "problems",
        "infrastructure",
        "potentials",
        "context",
        "involvement",
    )
    evidence_section = {
        "issue": "problems",
        "resource": "infrastructure",
        "potential": "potentials",
    }
    statuses = ("accepted", "submitted", "open_for_reactions", "returned", "draft")

    def opgave_text(k: int, version: int, section: str) -> str:
        topic = words[(k + sections.index(section)) % len(words)]
        return (
            f"Versie {version}. In deze wijk spelen {topic} en {words[(k + 3) % len(words)]}. "
            + " ".join(rng.choice(words) for _ in range(60))
        )

    @step("Opgaven with versions, evidence, reactions and timelines")
    def _opgaven():
        n_opgaven = size.opgaven
        opgave_rows, version_rows, evidence_rows, reaction_rows, event_rows = [], [], [], [], []
        version_id = evidence_id = reaction_id = event_id = 0
        for k in range(n_opgaven):
            opgave_id = k + 1
            nb = nb_ids[k % len(nb_ids)]
            worker = moderator_ids[nb - 1]
            status = statuses[k % len(statuses)]
            versions = 3
            submitted = versions if status in ("accepted", "submitted", "returned") else None
            started = now - timedelta(days=60 - k)
            opgave_rows.append(
                (
                    opgave_id,
                    nb,
                    f"Opgave {summary.slugs[nb - 1]} {2026 + k // len(nb_ids)}",
                    status,
                    versions,
                    (now + timedelta(days=14)).date() if status == "open_for_reactions" else None,
                    submitted,
                    started,
                    None,
                    worker,
                    started,
                    now,
                )
            )
            for number in range(1, versions + 1):
                version_id += 1
                version_rows.append(
                    (
                        version_id,
                        opgave_id,
                        number,
                        worker,
                        started + timedelta(days=number),
                        opgave_rows[-1][2],
                        *(opgave_text(k, number, s) for s in sections),
                        "resilience own_direction",
                        "access linking",
                        f"Versie {number}",
                    )
                )
                event_id += 1
                event_rows.append(
                    (
                        event_id,
                        opgave_id,
                        worker,
                        "saved",
                        number,
                        None,
                        started + timedelta(days=number),
                    )
                )
            # The measured Opgave (id 1) has 100 evidence links; the others 10 to 30.
            linked = contributions_of(nb, 100 if opgave_id == 1 else 10 + (k * 7) % 21)
            for cid in linked:
                evidence_id += 1
                evidence_rows.append(
                    (
                        evidence_id,
                        opgave_id,
                        cid,
                        evidence_section[kinds[(cid - 1) % 3]],
                        worker,
                        started + timedelta(days=1),
                        "open",
                    )
                )
                event_id += 1
                event_rows.append(
                    (
                        event_id,
                        opgave_id,
                        worker,
                        "evidence_added",
                        1,
                        f"Bijdrage {cid}",
                        started + timedelta(days=1),
                    )
                )
            for r, user in enumerate(residents_of(nb, 60)):
                for section in ("whole", sections[r % len(sections)]):
                    reaction_id += 1
                    reaction_rows.append(
                        (
                            reaction_id,
                            opgave_id,
                            user,
                            section,
                            ("yes", "partly", "no")[r % 3],
                            "Herkenbaar." if r % 4 == 0 else "",
                            versions,
                            now,
                            now,
                        )
                    )
            for action in {
                "accepted": ("submitted", "accepted"),
                "submitted": ("submitted",),
                "returned": ("submitted", "returned"),
            }.get(status, ()):
                event_id += 1
                event_rows.append(
                    (
                        event_id,
                        opgave_id,
                        worker,
                        action,
                        versions,
                        "Graag concreter." if action == "returned" else None,
                        now - timedelta(days=1),
                    )
                )
        n = write.rows(
            "opgave",
            [
                "id",
                "neighbourhood_id",
                "title",
                "status",
                "current_version",
                "reactions_until",
                "submitted_version",
                "published_at",
                "based_on_id",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
            opgave_rows,
        )
        n += write.rows(
            "opgave_version",
            [
                "id",
                "opgave_id",
                "number",
                "author_id",
                "created_at",
                "title",
                *sections,
                "goals",
                "focus",
                "note",
            ],
            version_rows,
        )
        n += write.rows(
            "opgave_evidence",
            [
                "id",
                "opgave_id",
                "contribution_id",
                "section",
                "created_by_id",
                "created_at",
                "previous_status",
            ],
            evidence_rows,
        )
        n += write.rows(
            "opgave_reaction",
            [
                "id",
                "opgave_id",
                "user_id",
                "section",
                "answer",
                "comment",
                "version_number",
                "created_at",
                "updated_at",
            ],
            reaction_rows,
        )
        n += write.rows(
            "opgave_event",
            ["id", "opgave_id", "actor_id", "action", "version_number", "detail", "created_at"],
            event_rows,
        )
        connection.execute(
            text(
                "UPDATE contribution SET status = 'included' "
                "WHERE id IN (SELECT contribution_id FROM opgave_evidence)"
            )
        )
        return n

    @step("people behind each Opgave")
    def _backers():
        # As `flask opgaven recount-backers` counts them (opgaven/backers.py): one
        # INSERT … SELECT over the linked contributions' votes and authors.
        # The query joins accounts with their memberships, whose mapper names Neighbourhood:
        # import it, as the app does, for a caller that builds no app (tests/scaleout).
        import wijkplatform.neighbourhoods.models  # noqa: F401
        from wijkplatform.opgaven import backers
        from wijkplatform.opgaven.models import OpgaveBacker

        result = connection.execute(
            OpgaveBacker.__table__.insert().from_select(
                ["opgave_id", "user_id", "refs"], backers.live_backers()
            )
        )
        return result.rowcount

    @step("municipal reviewer")
    def _reviewer():
        user_id = connection.execute(text("SELECT coalesce(max(id), 0) + 1 FROM user_account"))
        member_id = connection.execute(text("SELECT coalesce(max(id), 0) + 1 FROM membership"))
        user_id, member_id = user_id.scalar_one(), member_id.scalar_one()
        n = write.rows(
            "user_account",
            ["id", "email", "display_name", "password_hash", "locale", "active",
             "session_token", "created_at", "updated_at"],
            [(user_id, summary.reviewer_email, "Gemeente Benchstad", password_hash, "nl", True,
              new_session_token(), now, now)],
        )  # fmt: skip
        n += write.rows(
            "membership",
            ["id", "user_id", "role", "municipality_id", "created_at", "updated_at"],
            [(member_id, user_id, "reviewer", 1, now, now)],
        )
        return n

    @step("the team design of the measured neighbourhood")
    def _team_design():
        # One published design on Opgave 1 (accepted): six blocks saved ten times each,
        # 40 plan actions and 120 resident comments, so the pages show how they scale.
        nb = nb_ids[0]
        worker = moderator_ids[nb - 1]
        answers = {
            "why": " ".join(rng.choice(words) for _ in range(80)),
            "depth": " ".join(rng.choice(words) for _ in range(80)),
        }
        choices = {"team_form": ["integrated"], "breadth": ["psychosocial", "community"]}
        n = write.rows(
            "team_design",
            ["id", "neighbourhood_id", "revision", "published_at", "created_by_id",
             "created_at", "updated_at"],
            [(1, nb, 60, now, worker, now, now)],
        )  # fmt: skip
        n += write.rows(
            "team_design_block",
            ["id", "design_id", "number", "version", "answers", "choices", "participation",
             "updated_at", "updated_by_id"],
            ((b, 1, b, 10, json.dumps(answers), json.dumps(choices), "consult", now, worker)
             for b in range(1, 7)),
        )  # fmt: skip
        n += write.rows(
            "team_design_block_version",
            ["id", "design_id", "number", "version", "revision", "author_id", "created_at",
             "answers", "choices", "participation", "note"],
            ((k + 1, 1, k % 6 + 1, k // 6 + 1, k + 1, worker, now, json.dumps(answers),
              json.dumps(choices), "consult", "") for k in range(60)),
        )  # fmt: skip
        n += write.rows(
            "team_design_opgave",
            ["id", "design_id", "opgave_id", "linked_by_id", "linked_at"],
            [(1, 1, 1, worker, now)],
        )
        n += write.rows(
            "team_design_action",
            ["id", "design_id", "block", "title", "owner_id", "due_date", "status",
             "created_by_id", "created_at", "updated_at"],
            ((k + 1, 1, k % 6 + 1, f"Actie {k + 1}: {rng.choice(words)}", worker,
              (now + timedelta(days=k - 10)).date(), "planned", worker, now, now)
             for k in range(40)),
        )  # fmt: skip
        authors = residents_of(nb, 120)
        n += write.rows(
            "team_design_comment",
            ["id", "design_id", "block", "author_id", "body", "hidden", "created_at",
             "updated_at"],
            ((k + 1, 1, k % 6 + 1, authors[k % len(authors)],
              " ".join(rng.choice(words) for _ in range(30)), False, now, now)
             for k in range(120)),
        )  # fmt: skip
        return n

    @step("sequences and statistics")
    def _finish():
        if write.postgres:
            for table in (
                "municipality",
                "neighbourhood",
                "area_profile",
                "indicator_value",
                "user_account",
                "membership",
                "contribution",
                "vote",
                "comment",
                "flag",
                "opgave",
                "opgave_version",
                "opgave_evidence",
                "opgave_reaction",
                "opgave_event",
                "team_design",
                "team_design_block",
                "team_design_block_version",
                "team_design_opgave",
                "team_design_action",
                "team_design_comment",
            ):
                connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 1) FROM {table}))"
                )
        connection.exec_driver_sql("ANALYZE")
        return 0

    return summary


def check_counters(connection) -> dict:
    """Contributions whose stored counters differ from their rows (both must be 0)."""
    support = connection.execute(
        text(
            "SELECT count(*) FROM contribution c WHERE c.support_count <> "
            "(SELECT count(*) FROM vote v WHERE v.contribution_id = c.id)"
        )
    ).scalar_one()
    comment = connection.execute(
        text(
            "SELECT count(*) FROM contribution c WHERE c.comment_count <> "
            "(SELECT count(*) FROM comment m WHERE m.contribution_id = c.id "
            "AND m.deleted_at IS NULL)"
        )
    ).scalar_one()
    duplicates = connection.execute(
        text(
            "SELECT count(*) FROM (SELECT user_id, contribution_id FROM vote "
            "GROUP BY user_id, contribution_id HAVING count(*) > 1) d"
        )
    ).scalar_one()
    from wijkplatform.opgaven import backers

    # The people behind each Opgave, kept by the votes of the run (opgaven/backers.py).
    behind = connection.execute(backers.mismatches()).scalar_one()
    return {
        "support_mismatch": support,
        "comment_mismatch": comment,
        "duplicate_votes": duplicates,
        "backer_mismatch": behind,
    }


def build(database_url: str, size: Size, *, echo=print) -> Summary:
    """Migrate an empty database at `database_url` and fill it."""
    from flask_migrate import upgrade

    from wijkplatform import create_app
    from wijkplatform.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        started = time.perf_counter()
        upgrade()
        migrate_seconds = time.perf_counter() - started
        with db.engine.begin() as connection:
            summary = generate(connection, size, echo=echo)
        # The review figures, as `flask review refresh` counts them after a bulk load.
        from wijkplatform.review import tallies

        started = time.perf_counter()
        tallies.refresh_all()
        db.session.commit()
        summary.seconds["review figures"] = round(time.perf_counter() - started, 2)
        if db.engine.dialect.name == "postgresql":
            # As autovacuum would soon: the visibility map lets list counts and page ids come
            # from the indexes alone. VACUUM cannot run inside a transaction.
            started = time.perf_counter()
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
            summary.seconds["vacuum"] = round(time.perf_counter() - started, 2)
        summary.seconds = {"migrations": round(migrate_seconds, 2), **summary.seconds}
        db.engine.dispose()
    return summary


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--size", choices=sorted(SIZES), default="small")
    for name in ("neighbourhoods", "residents", "contributions", "supports", "comments"):
        parser.add_argument(f"--{name}", type=int)
    args = parser.parse_args(argv)
    size = parse_size(
        args.size,
        neighbourhoods=args.neighbourhoods,
        residents=args.residents,
        contributions=args.contributions,
        supports=args.supports,
        comments=args.comments,
    )
    summary = build(args.database_url, size)
    print(
        json.dumps(
            {
                "rows": summary.rows,
                "seconds": summary.seconds,
                "total_seconds": summary.total_seconds,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
