"""The admin area: platform administrators manage people, their roles and blocks without a
terminal (issue 20, item 12). Sits above moderation: it reuses the role services of accounts
and the block service and audit log of moderation."""

from __future__ import annotations


def init_app(app) -> None:
    from flask_login import current_user

    from wijkplatform.admin.permissions import can_administer

    # The main menu shows the link from the memberships already loaded with the user
    # (User.memberships loads with the user): no extra query on any page.
    app.jinja_env.globals["shows_admin_link"] = lambda: can_administer(current_user)
