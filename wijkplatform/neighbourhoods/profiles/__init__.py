"""Area profiles from CBS files."""

from wijkplatform.neighbourhoods.profiles.importing import (  # noqa: F401
    file_too_large,
    import_profiles,
)
from wijkplatform.neighbourhoods.profiles.report import (  # noqa: F401
    FAILED,
    IMPORTED,
    LEVELS,
    LIST_SKIPPED_UP_TO,
    MAX_FILE_BYTES,
    MAX_YEAR,
    MIN_YEAR,
    SKIPPED,
    ImportReport,
    RegionResult,
)
