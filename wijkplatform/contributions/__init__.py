"""Contributions: issues, resources and potentials; support votes, comments, follows, search."""


def init_app(app) -> None:
    from wijkplatform.contributions import personal_data
    from wijkplatform.contributions.views.area import raised_topics_section, social_map_section
    from wijkplatform.core import sections

    sections.register(app, "raised-topics", raised_topics_section, order=20)
    sections.register(app, "social-map", social_map_section, order=30)
    personal_data.init_app(app)
