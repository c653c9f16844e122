"""Municipalities, neighbourhoods and (later) their area profiles."""


def init_app(app) -> None:
    from wijkplatform.neighbourhoods.queries import neighbourhood_choices

    app.extensions["wijkplatform.neighbourhood_choices"] = neighbourhood_choices
