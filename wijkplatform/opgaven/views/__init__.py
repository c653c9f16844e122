"""The Opgaven blueprint: drafts and versions, evidence, reactions, the workflow and the
exports."""

from wijkplatform.opgaven.views import drafts, evidence, exports, reactions, workflow  # noqa: F401
from wijkplatform.opgaven.views.common import bp

__all__ = ["bp"]
