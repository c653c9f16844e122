"""Notifications: what happened to what a person wrote, supports, follows or looks after,
in the app (a page with the unread count in the header) and by e-mail (at once, or in a
daily or weekly digest, per kind). A receiver of the domain events (core/signals.py); no
other feature calls it."""


def init_app(app) -> None:
    from wijkplatform.core import registries
    from wijkplatform.notifications import personal_data, receivers

    receivers.connect_all()
    registries.register_exporter(app, "notifications", personal_data.export_notifications)
    registries.register_eraser(app, personal_data.erase_notifications)
    app.add_template_global(_unread_notifications, "unread_notifications")


def _unread_notifications() -> int:
    """For the header: the signed-in person's unread count (0 for a visitor)."""
    from flask_login import current_user

    from wijkplatform.notifications import queries

    if not current_user.is_authenticated:
        return 0
    return queries.unread_count(current_user.id)
