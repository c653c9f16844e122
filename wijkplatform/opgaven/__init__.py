"""Opgaven: from resident contributions to a structured, evidence-linked definition of the
neighbourhood's task (building block 1), checked by residents and reviewed by the
municipality."""


def init_app(app) -> None:
    from wijkplatform.core import registries, signals
    from wijkplatform.opgaven import backers, personal_data, services, trail

    registries.register_exporter(app, "opgave_reactions", services.export_reactions)
    registries.register_exporter(app, "opgave_work", personal_data.export_opgave_work)
    registries.register_eraser(app, services.erase_reactions)
    signals.connect(signals.contribution_trail_asked, trail.trail_steps)
    # The people behind an Opgave's evidence (opgaven/backers.py).
    signals.connect(signals.support_changed, backers.on_support_changed)
    signals.connect(signals.contribution_merged, backers.on_contribution_merged)
