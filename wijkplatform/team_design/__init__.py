"""Team design: the six building blocks worksheet per neighbourhood, fed by its accepted
Opgaven; the start document and the team development plan."""


def init_app(app) -> None:
    from wijkplatform.core import registries, signals
    from wijkplatform.moderation import targets
    from wijkplatform.team_design import moderated, personal_data, services, trail

    signals.connect(signals.opgave_status_changed, services.on_opgave_status_changed)
    signals.connect(signals.opgave_version_saved, services.on_opgave_version_saved)
    # "My input": a contribution's trail ends at the team designed on its Opgave.
    signals.connect(signals.contribution_trail_asked, trail.trail_steps)
    # Residents' comments are reported, hidden and logged like reactions.
    targets.register(app, moderated.DESIGN_COMMENTS)
    registries.register_exporter(app, "team_design_comments", services.export_comments)
    registries.register_exporter(app, "team_design_work", personal_data.export_team_design_work)
    registries.register_eraser(app, services.erase_comments)
