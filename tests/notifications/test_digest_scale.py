"""The daily digest works in batches of people: its peak memory does not grow with the
number of residents (bench/digest.py measures it at scale)."""

from __future__ import annotations

from sqlalchemy import func, select

from bench import digest
from wijkplatform.core.mail import OutgoingMail
from wijkplatform.extensions import db


def _peak_for(residents: int) -> tuple[float, int]:
    db.session.execute(OutgoingMail.__table__.delete())
    digest.populate(residents, seed=residents)
    result = digest.measure(batch=50)
    return result["peak_mib"], result["mails"]


def test_peak_memory_stays_flat_from_one_batch_to_eight(app):
    small_peak, small_mails = _peak_for(50)
    large_peak, large_mails = _peak_for(400)
    assert (small_mails, large_mails) == (50, 400)
    assert large_peak < small_peak * 1.5 + 1, (small_peak, large_peak)
    assert db.session.scalar(select(func.count()).select_from(OutgoingMail)) == 400
