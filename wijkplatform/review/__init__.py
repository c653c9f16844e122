"""Municipal review: priorities across neighbourhoods, participation, charts and exports.

The figures come from pre-aggregated counts (models.py) that the domain events keep
(tallies.py), so a page never scans every support."""


def init_app(app) -> None:
    from wijkplatform.core import registries, signals
    from wijkplatform.review import models, personal_data, tallies  # noqa: F401  (the tables)

    registries.register_exporter(app, "review_participation", personal_data.export_participation)
    registries.register_eraser(app, personal_data.erase_participation)

    signals.connect(signals.contribution_created, tallies.on_contribution_created)
    signals.connect(signals.contribution_edited, tallies.on_contribution_changed)
    signals.connect(signals.support_changed, tallies.on_support_changed)
    signals.connect(signals.comment_created, tallies.on_comment_created)
    signals.connect(signals.comment_deleted, tallies.on_comment_deleted)
    signals.connect(signals.content_hidden, tallies.on_visibility_changed)
    signals.connect(signals.content_restored, tallies.on_visibility_changed)
    signals.connect(signals.contribution_merged, tallies.on_contribution_merged)
