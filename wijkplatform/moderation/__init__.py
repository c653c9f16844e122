"""Moderation: flags, the queue, hide and restore, merges, official answers, blocks,
organisation checks and the append-only audit log."""


def init_app(app) -> None:
    from wijkplatform.moderation import personal_data

    personal_data.init_app(app)
