"""Every change to an Opgave: drafts and versions, evidence, reactions and the workflow.

Services take the acting user, check the rules, flush and never commit (DESIGN §5). Each
change adds a line to the draft's timeline.
"""

from wijkplatform.opgaven.services.common import (
    StaleVersion,
    latest_version,
)
from wijkplatform.opgaven.services.drafts import create_opgave, save_version, start_from
from wijkplatform.opgaven.services.evidence import (
    evidence_rows,
    link_evidence,
    link_refusal,
    unlink_evidence,
)
from wijkplatform.opgaven.services.reactions import erase_reactions, export_reactions, react
from wijkplatform.opgaven.services.workflow import (
    accept,
    close_reactions,
    cuts_reactions_short,
    open_reactions,
    return_opgave,
    submit,
)

__all__ = [
    "StaleVersion",
    "accept",
    "close_reactions",
    "create_opgave",
    "cuts_reactions_short",
    "erase_reactions",
    "evidence_rows",
    "export_reactions",
    "latest_version",
    "link_evidence",
    "link_refusal",
    "open_reactions",
    "react",
    "return_opgave",
    "save_version",
    "start_from",
    "submit",
    "unlink_evidence",
]
