"""Municipalities, neighbourhoods and their area profiles."""


def init_app(app) -> None:
    from wijkplatform.core import signals

    signals.connect(signals.neighbourhood_choices_asked, _neighbourhood_choices)


def _neighbourhood_choices(sender, **kwargs):
    from wijkplatform.neighbourhoods.queries import neighbourhood_choices

    return neighbourhood_choices()
