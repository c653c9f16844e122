"""Municipalities, neighbourhoods and their area profiles."""


def init_app(app) -> None:
    from wijkplatform.core import registries, signals
    from wijkplatform.neighbourhoods import personal_data

    registries.register_exporter(app, "area_profile_imports", personal_data.export_profile_imports)
    signals.connect(signals.neighbourhood_choices_asked, _neighbourhood_choices)


def _neighbourhood_choices(sender, **kwargs):
    from wijkplatform.neighbourhoods.queries import neighbourhood_choices

    return neighbourhood_choices()
