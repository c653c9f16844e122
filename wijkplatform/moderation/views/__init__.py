"""The moderation queue per neighbourhood, item pages with actions and the log, reports by
residents, blocks and organisation checks. There is no route that edits or deletes the log."""

from wijkplatform.moderation.views import (  # noqa: F401
    blocks,
    hooks,
    organisations,
    photos,
    queue,
    reports,
)
from wijkplatform.moderation.views.common import bp

__all__ = ["bp"]
