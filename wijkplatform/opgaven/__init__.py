"""Opgaven: from resident contributions to a structured, evidence-linked definition of the
neighbourhood's task (building block 1), checked by residents and reviewed by the
municipality."""


def init_app(app) -> None:
    from wijkplatform.accounts import personal_data
    from wijkplatform.core import sections
    from wijkplatform.opgaven import services
    from wijkplatform.opgaven.views import sections as opgave_sections

    sections.register(app, "opgaven", opgave_sections.neighbourhood_section, order=10)
    sections.register(
        app, "opgaven", opgave_sections.contribution_section, order=10, slot=sections.CONTRIBUTION
    )
    sections.register(
        app, "opgaven", opgave_sections.account_section, order=10, slot=sections.ACCOUNT
    )
    personal_data.register_exporter(app, "opgave_reactions", services.export_reactions)
    personal_data.register_eraser(app, services.erase_reactions)
