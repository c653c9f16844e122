"""The team design blueprint: the worksheet, the public page, the development plan and the
start document."""

from wijkplatform.team_design.views import exports, plan, public, worksheet  # noqa: F401
from wijkplatform.team_design.views.common import bp

__all__ = ["bp"]
