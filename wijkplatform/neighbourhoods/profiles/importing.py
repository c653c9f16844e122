"""Importing area profiles from a CBS file: read, plan per region, write, report."""

from __future__ import annotations

import logging
from collections.abc import Callable

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from wijkplatform.core.audit import actor_label
from wijkplatform.core.errors import DomainError
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.importer import ParsedFile, read_file
from wijkplatform.neighbourhoods.indicators import SOURCE_LABELS
from wijkplatform.neighbourhoods.models import (
    Municipality,
)
from wijkplatform.neighbourhoods.profiles.planning import plan_regions
from wijkplatform.neighbourhoods.profiles.report import (
    LEVELS,
    MAX_FILE_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    ImportReport,
)
from wijkplatform.neighbourhoods.profiles.writing import write_profiles

logger = logging.getLogger(__name__)


def file_too_large():
    return _l(
        "The file is larger than %(max)d MB. Import only the rows of your municipality, or "
        "one municipality at a time.",
        max=MAX_FILE_BYTES // (1024 * 1024),
    )


def _label(parsed: ParsedFile) -> object:
    return SOURCE_LABELS[parsed.source]


def import_profiles(
    data: bytes,
    *,
    filename: str,
    year: int,
    create_missing: bool = False,
    level: str | None = None,
    actor=None,
    progress: Callable[[str], None] | None = None,
) -> ImportReport:
    """Check and (when it has no problems) store the figures in `data` for `year`."""
    say = progress or (lambda message: None)
    report = ImportReport(filename, year, level, create_missing)
    if not MIN_YEAR <= year <= MAX_YEAR:
        report.errors.append(
            _l("Choose a year between %(min)d and %(max)d.", min=MIN_YEAR, max=MAX_YEAR)
        )
        return report
    if level is not None and level not in LEVELS:
        report.errors.append(_l("Choose wijk or buurt as level."))
        return report
    if len(data) > MAX_FILE_BYTES:
        report.errors.append(file_too_large())
        return report
    say(f"Reading {filename} …")
    try:
        wanted = None if create_missing else set(db.session.scalars(select(Municipality.cbs_code)))
        parsed = read_file(data, filename, wanted)
    except DomainError as error:
        report.errors.append(error.message)
        return report
    report.source = parsed.source.value
    report.source_label = _label(parsed)
    report.encoding = parsed.encoding
    report.unknown_columns = parsed.unknown_columns
    say(
        f"Read {len(parsed.regions)} regions, passed over {len(parsed.skipped)} other rows "
        f"({parsed.source.value}, {parsed.encoding})."
    )

    if parsed.stated_years and year not in parsed.stated_years:
        report.errors.append(
            _l(
                "The file holds figures for %(stated)s, not for %(year)d. Check the year.",
                stated=", ".join(str(y) for y in sorted(parsed.stated_years)),
                year=year,
            )
        )
        return report

    plan = plan_regions(parsed, report, level=level, create_missing=create_missing)
    if not report.ok:
        return report
    say(f"Writing {len(plan)} profiles …")
    try:
        write_profiles(plan, parsed, report, year=year, filename=filename, actor=actor)
    except DomainError as error:  # the caller rolls back what was flushed
        report.errors.append(error.message)
        return report
    logger.info(
        "%s imported %d area profiles for %d from %s (%s), skipped %d, replaced %d",
        actor_label(actor),
        report.imported,
        year,
        filename,
        parsed.source.value,
        report.skipped,
        report.replaced,
    )
    return report
