"""Every change to a team design: start it, save a block (with a version check), link
accepted Opgaven, publish, the development plan and residents' comments.

Services take the acting user, check the rules, flush and never commit (DESIGN §5).
"""

from wijkplatform.team_design.services.blocks import StaleBlock, save_block, start_design
from wijkplatform.team_design.services.comments import (
    add_comment,
    erase_comments,
    export_comments,
    hide_comment,
    restore_comment,
)
from wijkplatform.team_design.services.common import design_of
from wijkplatform.team_design.services.opgaven import (
    acknowledge_opgave_change,
    link_opgave,
    on_opgave_status_changed,
    on_opgave_version_saved,
    unlink_opgave,
)
from wijkplatform.team_design.services.plan import add_action, set_action_status
from wijkplatform.team_design.services.publishing import publish, unpublish

__all__ = [
    "StaleBlock",
    "acknowledge_opgave_change",
    "add_action",
    "add_comment",
    "design_of",
    "erase_comments",
    "export_comments",
    "hide_comment",
    "link_opgave",
    "on_opgave_status_changed",
    "on_opgave_version_saved",
    "publish",
    "restore_comment",
    "save_block",
    "set_action_status",
    "start_design",
    "unlink_opgave",
    "unpublish",
]
