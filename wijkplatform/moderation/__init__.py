"""Moderation: flags, the queue, hide and restore, merges, official answers, blocks,
organisation checks and the append-only audit log."""


def init_app(app) -> None:
    from wijkplatform.core import signals
    from wijkplatform.moderation import personal_data, services, trail

    personal_data.init_app(app)
    # Contributions ask these before a resident takes part, and when a merged contribution
    # is opened; moderation answers, so contributions never imports moderation.
    signals.connect(signals.participation_refusal_asked, services.refusal_for_blocked)
    signals.connect(signals.merge_survivor_asked, _survivor_answer)
    # "My input" shows the answers, merges and moderation of one's own contributions.
    signals.connect(signals.contribution_trail_asked, trail.trail_steps)


def _survivor_answer(sender, *, contribution_id: int, **kwargs):
    from wijkplatform.moderation import services

    return services.survivor_id_of(contribution_id)
