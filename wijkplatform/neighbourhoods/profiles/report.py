"""What an import of area profiles did, region by region: the report the page and the
command line show."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

LEVELS = ("wijk", "buurt")
LIST_SKIPPED_UP_TO = 50  # more skipped regions (a whole-country file) are counted by reason
IMPORTED, SKIPPED, FAILED = "imported", "skipped", "error"
MIN_YEAR, MAX_YEAR = 1990, 2100
# The largest file read at all. The admin page takes less (forms.MAX_UPLOAD_BYTES, which
# also sets that page's request limit); the command line reads up to this. A whole-country
# kwb table is about 15 MB. Parsed GeoJSON takes up to twelve times its size in memory, so
# larger GeoJSON is imported one municipality at a time.
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass
class RegionResult:
    code: str
    name: str
    level: str
    outcome: str  # IMPORTED, SKIPPED or FAILED
    reason: object = ""  # lazy string
    neighbourhood: object = ""  # name of the platform neighbourhood it feeds
    known: int = 0
    secret: int = 0
    missing: int = 0
    created: bool = False


@dataclass
class ImportReport:
    filename: str
    year: int
    level: str | None
    create_missing: bool
    source: str = ""
    source_label: object = ""
    encoding: str = ""
    errors: list = field(default_factory=list)  # the file as a whole
    regions: list[RegionResult] = field(default_factory=list)
    created_municipalities: list[str] = field(default_factory=list)
    created_neighbourhoods: list[str] = field(default_factory=list)
    boundaries_added: int = 0
    replaced: int = 0
    unknown_columns: list[str] = field(default_factory=list)

    def _count(self, outcome: str) -> int:
        return sum(1 for region in self.regions if region.outcome == outcome)

    @property
    def imported(self) -> int:
        return self._count(IMPORTED)

    @property
    def skipped(self) -> int:
        return self._count(SKIPPED)

    @property
    def failed(self) -> int:
        return self._count(FAILED)

    def skipped_by_reason(self) -> list[tuple[str, int]]:
        """(reason, number of regions), most first. Call where a language is active."""
        counts = Counter(str(r.reason) for r in self.regions if r.outcome == SKIPPED)
        return counts.most_common()

    @property
    def ok(self) -> bool:
        return not self.errors and not self.failed

    def summary_lines(self) -> list[str]:
        """Plain-text summary for the command line."""
        lines = []
        if self.ok:
            lines.append(
                str(
                    _l(
                        "Year %(year)d: imported %(imported)d regions, skipped %(skipped)d.",
                        imported=self.imported,
                        year=self.year,
                        skipped=self.skipped,
                    )
                )
            )
            if self.replaced:
                lines.append(
                    str(_l("Replaced profiles of the same year: %(count)d.", count=self.replaced))
                )
            if self.created_municipalities or self.created_neighbourhoods:
                lines.append(
                    str(
                        _l(
                            "New municipalities: %(municipalities)d. "
                            "New neighbourhoods: %(neighbourhoods)d.",
                            municipalities=len(self.created_municipalities),
                            neighbourhoods=len(self.created_neighbourhoods),
                        )
                    )
                )
        else:
            lines.append(str(_l("Nothing was imported: the file has problems.")))
            lines.extend(f"  {error}" for error in self.errors)
            lines.extend(
                f"  {region.code} {region.name}: {region.reason}"
                for region in self.regions
                if region.outcome == FAILED
            )
        return lines
