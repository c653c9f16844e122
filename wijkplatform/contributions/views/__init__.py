"""The contributions blueprint: lists, writing, the detail page with support, follow and
links, comments, and the resident's own overview under /account/."""

from wijkplatform.contributions.views import (  # noqa: F401
    area,
    comments,
    detail,
    lists,
    photos,
    writing,
)
from wijkplatform.contributions.views.common import bp

__all__ = ["bp"]
