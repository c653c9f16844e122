"""Contributions: issues, resources and potentials; support votes, comments, follows, search."""


def init_app(app) -> None:
    from wijkplatform.contributions import card_cache, personal_data, photos

    card_cache.init_app(app)
    personal_data.init_app(app)
    photos.init_app(app)
