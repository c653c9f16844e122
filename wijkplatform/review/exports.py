"""Open data exports of a municipality or a neighbourhood, as CSV (one file per data set)
or one JSON document, streamed in batches so memory stays bounded however big the city.

Only public data: visible contributions (never hidden or merged away), the review counts,
published Opgaven and their evidence. Never an e-mail address, a name or a person's
activity: who wrote or supported what is not open data. CSV cells that a spreadsheet would
read as a formula are neutralised (`safe_cell`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import func, select

from wijkplatform.contributions.models import CATEGORIES, Contribution, ContributionCategory
from wijkplatform.contributions.queries import visible
from wijkplatform.core.db import utcnow
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import Municipality, Neighbourhood
from wijkplatform.opgaven.models import Opgave, OpgaveEvidence
from wijkplatform.review.models import ALL_CATEGORIES, ReviewParticipant, ReviewTally

BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = {
    "contributions": (
        "id", "neighbourhood", "kind", "title", "body", "categories", "place", "latitude",
        "longitude", "status", "support_count", "comment_count", "offline_source",
        "created_at", "url",
    ),
    "counts": (
        "neighbourhood", "week", "category", "contributions", "supports", "comments",
        "participants",
    ),
    "categories": ("neighbourhood", "category", "label", "contributions", "supports", "comments"),
    "opgaven": (
        "id", "neighbourhood", "title", "status", "version", "submitted_version",
        "reactions_until", "published_at", "url",
    ),
    "evidence": (
        "opgave_id", "section", "contribution_id", "kind", "title", "support_count", "url",
    ),
}  # fmt: skip
DATASETS = tuple(COLUMNS)


def rfc3339(moment: datetime | None) -> str | None:
    """A time with its offset (SQLite hands back naive times; they were stored in UTC)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def safe_cell(value):
    """A text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


@dataclass
class Scope:
    kind: str  # "municipality" or "neighbourhood"
    key: str  # CBS code or slug
    name: str
    neighbourhoods: dict[int, str]  # id -> slug

    @property
    def ids(self) -> list[int]:
        return list(self.neighbourhoods)


def municipality_scope(code: str) -> Scope | None:
    municipality = db.session.scalar(
        select(Municipality).where(Municipality.cbs_code == (code or "").strip().upper())
    )
    if municipality is None:
        return None
    rows = db.session.execute(
        select(Neighbourhood.id, Neighbourhood.slug)
        .where(Neighbourhood.municipality_id == municipality.id)
        .order_by(Neighbourhood.id)
    ).all()
    return Scope("municipality", municipality.cbs_code, municipality.name, dict(rows))


def neighbourhood_scope(slug: str) -> Scope | None:
    neighbourhood = db.session.scalar(select(Neighbourhood).where(Neighbourhood.slug == slug))
    if neighbourhood is None:
        return None
    return Scope(
        "neighbourhood",
        neighbourhood.slug,
        neighbourhood.name,
        {neighbourhood.id: neighbourhood.slug},
    )


# --- The data sets: each yields dicts, reading in batches ---------------------------------


def _contributions(scope: Scope) -> Iterator[dict]:
    columns = (
        Contribution.id,
        Contribution.neighbourhood_id,
        Contribution.kind,
        Contribution.title,
        Contribution.body,
        Contribution.place,
        Contribution.latitude,
        Contribution.longitude,
        Contribution.status,
        Contribution.support_count,
        Contribution.comment_count,
        Contribution.offline_source,
        Contribution.created_at,
    )
    last = 0
    while True:
        # Keyset pages by id: each batch is one short query; nothing is held open between.
        batch = db.session.execute(
            select(*columns)
            .where(visible(), Contribution.neighbourhood_id.in_(scope.ids), Contribution.id > last)
            .order_by(Contribution.id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        categories: dict[int, list[str]] = {}
        for contribution_id, category in db.session.execute(
            select(ContributionCategory.contribution_id, ContributionCategory.category)
            .where(ContributionCategory.contribution_id.in_([row.id for row in batch]))
            .order_by(ContributionCategory.contribution_id, ContributionCategory.category)
        ):
            categories.setdefault(contribution_id, []).append(category)
        for row in batch:
            yield {
                "id": row.id,
                "neighbourhood": scope.neighbourhoods[row.neighbourhood_id],
                "kind": row.kind.value,
                "title": row.title,
                "body": row.body,
                "categories": categories.get(row.id, []),
                "place": row.place,
                "latitude": row.latitude,
                "longitude": row.longitude,
                "status": row.status.value,
                "support_count": row.support_count,
                "comment_count": row.comment_count,
                "offline_source": row.offline_source.value if row.offline_source else None,
                "created_at": rfc3339(row.created_at),
                "url": public_url("contributions.detail", contribution_id=row.id),
            }
        last = batch[-1].id


def _week(value) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)[:10]


def _counts(scope: Scope) -> Iterator[dict]:
    people = {
        (nb, _week(week)): number
        for nb, week, number in db.session.execute(
            select(
                ReviewParticipant.neighbourhood_id,
                ReviewParticipant.week,
                func.count(ReviewParticipant.id),
            )
            .where(ReviewParticipant.neighbourhood_id.in_(scope.ids))
            .group_by(ReviewParticipant.neighbourhood_id, ReviewParticipant.week)
        )
    }
    for row in db.session.execute(
        select(ReviewTally)
        .where(ReviewTally.neighbourhood_id.in_(scope.ids))
        .order_by(ReviewTally.neighbourhood_id, ReviewTally.week, ReviewTally.category)
        .execution_options(yield_per=BATCH)
    ).scalars():
        week = _week(row.week)
        yield {
            "neighbourhood": scope.neighbourhoods[row.neighbourhood_id],
            "week": week,
            "category": row.category or "all",
            "contributions": row.contributions,
            "supports": row.supports,
            "comments": row.comments,
            "participants": people.get((row.neighbourhood_id, week), 0)
            if row.category == ALL_CATEGORIES
            else None,
        }


def _categories(scope: Scope) -> Iterator[dict]:
    for nb, category, contributions, supports, comments in db.session.execute(
        select(
            ReviewTally.neighbourhood_id,
            ReviewTally.category,
            func.sum(ReviewTally.contributions),
            func.sum(ReviewTally.supports),
            func.sum(ReviewTally.comments),
        )
        .where(ReviewTally.neighbourhood_id.in_(scope.ids), ReviewTally.category != ALL_CATEGORIES)
        .group_by(ReviewTally.neighbourhood_id, ReviewTally.category)
        .order_by(ReviewTally.neighbourhood_id, ReviewTally.category)
    ):
        if category in CATEGORIES:
            yield {
                "neighbourhood": scope.neighbourhoods[nb],
                "category": category,
                "label": str(CATEGORIES[category]),
                "contributions": contributions or 0,
                "supports": supports or 0,
                "comments": comments or 0,
            }


def _public_opgaven(scope: Scope):
    return select(Opgave).where(
        Opgave.neighbourhood_id.in_(scope.ids), Opgave.published_at.is_not(None)
    )


def _opgaven(scope: Scope) -> Iterator[dict]:
    for opgave in db.session.scalars(_public_opgaven(scope).order_by(Opgave.id)):
        yield {
            "id": opgave.id,
            "neighbourhood": scope.neighbourhoods[opgave.neighbourhood_id],
            "title": opgave.title,
            "status": opgave.status.value,
            "version": opgave.current_version,
            "submitted_version": opgave.submitted_version,
            "reactions_until": opgave.reactions_until.isoformat()
            if opgave.reactions_until
            else None,
            "published_at": rfc3339(opgave.published_at),
            "url": public_url("opgaven.detail", opgave_id=opgave.id),
        }


def _evidence(scope: Scope) -> Iterator[dict]:
    published = _public_opgaven(scope).with_only_columns(Opgave.id)
    for row in db.session.execute(
        select(
            OpgaveEvidence.opgave_id,
            OpgaveEvidence.section,
            Contribution.id,
            Contribution.kind,
            Contribution.title,
            Contribution.support_count,
        )
        .join(Contribution, Contribution.id == OpgaveEvidence.contribution_id)
        .where(OpgaveEvidence.opgave_id.in_(published), visible())
        .order_by(OpgaveEvidence.opgave_id, OpgaveEvidence.section, Contribution.id)
    ):
        yield {
            "opgave_id": row.opgave_id,
            "section": row.section,
            "contribution_id": row.id,
            "kind": row.kind.value,
            "title": row.title,
            "support_count": row.support_count,
            "url": public_url("contributions.detail", contribution_id=row.id),
        }


READERS: dict[str, Callable[[Scope], Iterator[dict]]] = {
    "contributions": _contributions,
    "counts": _counts,
    "categories": _categories,
    "opgaven": _opgaven,
    "evidence": _evidence,
}


# --- Writers ---------------------------------------------------------------------------


def csv_lines(scope: Scope, dataset: str, progress: Callable[[int], None] | None = None):
    """The data set as CSV text, a few lines at a time."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    columns = COLUMNS[dataset]
    writer.writerow(columns)
    written = 0
    for written, row in enumerate(READERS[dataset](scope), start=1):
        values = [row[c] for c in columns]
        writer.writerow(
            [
                safe_cell(";".join(v) if isinstance(v, list) else ("" if v is None else v))
                for v in values
            ]
        )
        if written % BATCH == 0:
            if progress:
                progress(written)
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if progress:
        progress(written)
    yield buffer.getvalue()


def json_chunks(scope: Scope, progress: Callable[[str, int], None] | None = None):
    """One JSON document with every data set, a batch of rows at a time."""
    head = {
        "scope": {"kind": scope.kind, "key": scope.key, "name": scope.name},
        "generated_at": rfc3339(utcnow()),
        "licence": "CC BY 4.0",
    }
    yield json.dumps(head, ensure_ascii=False)[:-1]
    for dataset in DATASETS:
        yield f', "{dataset}": ['
        parts: list[str] = []
        written = 0
        for written, row in enumerate(READERS[dataset](scope), start=1):
            parts.append(json.dumps(row, ensure_ascii=False))
            if len(parts) == BATCH:
                yield ("," if written > BATCH else "") + ",".join(parts)
                parts = []
                if progress:
                    progress(dataset, written)
        if parts:
            yield ("," if written > len(parts) else "") + ",".join(parts)
        if progress:
            progress(dataset, written)
        yield "]"
    yield "}\n"
