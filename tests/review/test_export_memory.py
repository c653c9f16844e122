"""A full municipal CSV export streams with bounded memory: reading the response of 8,000
contributions takes no more Python memory at its peak than reading 1,000 (tracemalloc), and
the answer is streamed, a batch of rows at a time, not built whole."""

from __future__ import annotations

import gc
import tracemalloc

from sqlalchemy import insert, select

from tests.factories import MunicipalityFactory, NeighbourhoodFactory, resident
from wijkplatform.contributions.models import (
    Contribution,
    ContributionCategory,
    ContributionKind,
    ContributionStatus,
)
from wijkplatform.core.db import utcnow
from wijkplatform.extensions import db

MB = 2**20
BODY = "Wat er speelt in de wijk, in ongeveer tweehonderd tekens. " * 4
URL = "/review/export/municipality/GM7002/contributions.csv"
# The growth allowed from 1,000 to 8,000 rows (16 batches of 500): less than half of what
# the 7,000 extra rows take as text (about 2.4 MB), so a response built whole, or rows
# kept, would not pass. (bench sizes are for speed; this is about memory, which does not
# need more rows to show.)
MAX_GROWTH = 1 * MB


def _add_contributions(neighbourhood, author, count: int) -> None:
    """`count` visible contributions with a category each, in two bulk inserts."""
    now = utcnow()
    last = db.session.scalar(select(Contribution.id).order_by(Contribution.id.desc()).limit(1))
    db.session.execute(
        insert(Contribution),
        [
            {
                "kind": ContributionKind.ISSUE,
                "neighbourhood_id": neighbourhood.id,
                "municipality_id": neighbourhood.municipality_id,
                "author_id": author.id,
                "title": f"Bijdrage {n} over de wijk",
                "body": BODY,
                "status": ContributionStatus.OPEN,
                "hidden": False,
                "created_at": now,
                "updated_at": now,
            }
            for n in range(count)
        ],
    )
    new = db.session.scalars(select(Contribution.id).where(Contribution.id > (last or 0))).all()
    db.session.execute(
        insert(ContributionCategory),
        [{"contribution_id": i, "category": "community"} for i in new],
    )
    db.session.commit()


def _read_export(client) -> tuple[int, int, float]:
    """(rows, bytes, peak MB of Python memory) of reading the export a chunk at a time."""
    response = client.get(URL)
    assert response.status_code == 200 and response.is_streamed
    rows = size = 0
    gc.collect()
    tracemalloc.start()
    try:
        for chunk in response.response:
            rows += chunk.count(b"\n")
            size += len(chunk)
        peak = tracemalloc.get_traced_memory()[1] / MB
    finally:
        tracemalloc.stop()
        response.close()
    return rows - 1, size, peak  # less the header line


def test_full_municipal_csv_export_streams_with_bounded_memory(client):
    municipality = MunicipalityFactory(name="Grootstad", cbs_code="GM7002")
    neighbourhood = NeighbourhoodFactory(municipality=municipality)
    author = resident(neighbourhood)
    db.session.commit()
    _add_contributions(neighbourhood, author, 1_000)
    _read_export(client)  # warm up: compiled statements, templates, translations
    few_rows, few_bytes, few_peak = _read_export(client)
    _add_contributions(neighbourhood, author, 7_000)
    many_rows, many_bytes, many_peak = _read_export(client)
    print(
        f"\nCSV export: {few_rows} rows, {few_bytes / MB:.1f} MB, peak {few_peak:.2f} MB; "
        f"{many_rows} rows, {many_bytes / MB:.1f} MB, peak {many_peak:.2f} MB"
    )
    assert (few_rows, many_rows) == (1_000, 8_000)
    assert many_bytes > 7 * few_bytes
    assert many_peak - few_peak < MAX_GROWTH / MB
    # and far less than the extra rows' text: rows are not kept
    assert many_peak - few_peak < 0.25 * (many_bytes - few_bytes) / MB
