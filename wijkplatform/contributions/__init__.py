"""Contributions: issues, resources and potentials; support votes, comments, follows, search."""


def init_app(app) -> None:
    from wijkplatform.contributions import personal_data

    personal_data.init_app(app)
