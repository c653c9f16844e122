"""The Opgaven blueprint: drafts and versions, evidence, reactions, the workflow and the
exports."""

from wijkplatform.opgaven.views import (  # noqa: F401
    drafts,
    evidence,
    exports,
    reactions,
    sections,
    workflow,
)
from wijkplatform.opgaven.views.common import bp

__all__ = ["bp"]
