"""Every route of the app, in one table. A test fails when a route is missing here, so
each new feature adds its routes as one line each (placeholders come from `samples`).

Later the permission matrix (issue 8) adds the expected outcome per role to each line.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    url: str  # with {placeholders} filled from the sample objects
    methods: tuple[str, ...] = ("GET",)
    json: bool = False  # answers JSON (or a file), not an HTML page


ROUTES: dict[str, Route] = {
    # core
    "static": Route("/static/css/app.css"),
    "core.privacy": Route("/privacy"),
    "core.accessibility": Route("/toegankelijkheid"),
    "core.healthz": Route("/healthz", json=True),
    "core.readyz": Route("/readyz", json=True),
    # accounts
    "accounts.register": Route("/account/register", ("GET", "POST")),
    "accounts.login": Route("/account/login", ("GET", "POST")),
    "accounts.login_code": Route("/account/login/code", ("GET", "POST")),
    "accounts.logout": Route("/account/logout", ("GET", "POST")),
    "accounts.overview": Route("/account/"),
    "accounts.change_password": Route("/account/password", ("GET", "POST")),
    "accounts.change_email": Route("/account/email", ("GET", "POST")),
    "accounts.confirm_password": Route("/account/confirm-password", ("GET", "POST")),
    "accounts.two_factor_setup": Route("/account/two-factor", ("GET", "POST")),
    "accounts.choose_language": Route("/account/language", ("POST",)),
    "accounts.personal_data_page": Route("/account/data"),
    "accounts.export_personal_data": Route("/account/data/export.json", json=True),
    "accounts.erase_account": Route("/account/data/erase", ("POST",)),
    # neighbourhoods
    "neighbourhoods.home": Route("/"),
    "neighbourhoods.neighbourhood_list": Route("/neighbourhoods/"),
    "neighbourhoods.neighbourhood_detail": Route("/neighbourhoods/{neighbourhood}/"),
    "neighbourhoods.places_admin": Route("/admin/places/"),
    "neighbourhoods.create_municipality": Route("/admin/places/municipalities", ("POST",)),
    "neighbourhoods.create_neighbourhood": Route("/admin/places/neighbourhoods", ("POST",)),
    "neighbourhoods.profiles_import": Route("/admin/profiles/", ("GET", "POST")),
    # contributions
    "contributions.neighbourhood_list": Route("/neighbourhoods/{neighbourhood}/contributions/"),
    "contributions.municipality_list": Route("/municipalities/{municipality}/contributions/"),
    "contributions.mine": Route("/account/contributions"),
    "contributions.new": Route("/contributions/new?neighbourhood={neighbourhood}", ("GET", "POST")),
    "contributions.similar": Route("/contributions/similar?neighbourhood={neighbourhood}&title=x"),
    "contributions.detail": Route("/contributions/{contribution}"),
    "contributions.edit": Route("/contributions/{contribution}/edit", ("GET", "POST")),
    "contributions.withdraw": Route("/contributions/{contribution}/withdraw", ("POST",)),
    "contributions.support": Route("/contributions/{contribution}/support", ("POST",)),
    "contributions.follow": Route("/contributions/{contribution}/follow", ("POST",)),
    "contributions.add_link": Route("/contributions/{contribution}/links", ("POST",)),
    "contributions.delete_link": Route("/contributions/{contribution}/links/1/delete", ("POST",)),
    "contributions.add_comment": Route("/contributions/{contribution}/comments", ("POST",)),
    "contributions.edit_comment": Route("/comments/{comment}/edit", ("GET", "POST")),
    "contributions.delete_comment": Route("/comments/{comment}/delete", ("POST",)),
    "accounts.new_organisation": Route("/account/organisations/new", ("GET", "POST")),
    # moderation (the target is the sample contribution; the ids of blocks and organisations
    # need not exist: a 404 carries the headers too)
    "moderation.queue": Route("/moderation/{neighbourhood}/"),
    "moderation.log": Route("/moderation/{neighbourhood}/log"),
    "moderation.notices": Route("/moderation/notices"),
    "moderation.item": Route("/moderation/{neighbourhood}/contribution/{contribution}"),
    "moderation.hide": Route(
        "/moderation/{neighbourhood}/contribution/{contribution}/hide", ("POST",)
    ),
    "moderation.restore": Route(
        "/moderation/{neighbourhood}/contribution/{contribution}/restore", ("POST",)
    ),
    "moderation.dismiss": Route(
        "/moderation/{neighbourhood}/contribution/{contribution}/dismiss", ("POST",)
    ),
    "moderation.answer": Route(
        "/moderation/{neighbourhood}/contribution/{contribution}/answer", ("POST",)
    ),
    "moderation.merge": Route(
        "/moderation/{neighbourhood}/contribution/{contribution}/merge", ("POST",)
    ),
    "moderation.report": Route("/moderation/report/contribution/{contribution}", ("GET", "POST")),
    "moderation.block": Route("/moderation/{neighbourhood}/users/1/block", ("GET", "POST")),
    "moderation.lift_block": Route("/moderation/{neighbourhood}/blocks/1/lift", ("POST",)),
    "moderation.verify_organisation": Route(
        "/moderation/{neighbourhood}/organisations/1/verify", ("POST",)
    ),
    "moderation.reject_organisation": Route(
        "/moderation/{neighbourhood}/organisations/1/reject", ("POST",)
    ),
    # opgaven (the sample Opgave is a published draft of the sample neighbourhood)
    "opgaven.new": Route("/neighbourhoods/{neighbourhood}/opgaven/new", ("GET", "POST")),
    "opgaven.detail": Route("/opgaven/{opgave}"),
    "opgaven.edit": Route("/opgaven/{opgave}/edit", ("GET", "POST")),
    "opgaven.versions": Route("/opgaven/{opgave}/versions/"),
    "opgaven.version": Route("/opgaven/{opgave}/versions/1"),
    "opgaven.compare": Route("/opgaven/{opgave}/versions/1/compare"),
    "opgaven.evidence": Route("/opgaven/{opgave}/evidence", ("GET", "POST")),
    "opgaven.remove_evidence": Route("/opgaven/{opgave}/evidence/1/remove", ("POST",)),
    "opgaven.react": Route("/opgaven/{opgave}/react", ("GET", "POST")),
    "opgaven.open_reactions": Route("/opgaven/{opgave}/reactions/open", ("POST",)),
    "opgaven.close_reactions": Route("/opgaven/{opgave}/reactions/close", ("POST",)),
    "opgaven.submit": Route("/opgaven/{opgave}/submit", ("POST",)),
    "opgaven.decide": Route("/opgaven/{opgave}/decision", ("POST",)),
    "opgaven.start_from": Route("/opgaven/{opgave}/new-draft", ("POST",)),
    "opgaven.print_page": Route("/opgaven/{opgave}/print"),
    "opgaven.markdown": Route("/opgaven/{opgave}/export.md", json=True),
    # api
    "api.index": Route("/api/v1/", json=True),
    "api.openapi_document": Route("/api/v1/openapi.json", json=True),
    "api.municipality_list": Route("/api/v1/municipalities", json=True),
    "api.neighbourhood_list": Route("/api/v1/neighbourhoods", json=True),
    "api.neighbourhood_detail": Route("/api/v1/neighbourhoods/{neighbourhood}", json=True),
    "api.neighbourhood_profile": Route("/api/v1/neighbourhoods/{neighbourhood}/profile", json=True),
    "api.neighbourhood_raised_topics": Route(
        "/api/v1/neighbourhoods/{neighbourhood}/raised-topics", json=True
    ),
    "api.neighbourhood_social_map": Route(
        "/api/v1/neighbourhoods/{neighbourhood}/social-map", json=True
    ),
    "api.indicator_list": Route("/api/v1/indicators", json=True),
    "api.neighbourhood_opgaven": Route("/api/v1/neighbourhoods/{neighbourhood}/opgaven", json=True),
    "api.opgave_detail": Route("/api/v1/opgaven/{opgave}", json=True),
}


def samples() -> dict[str, str]:
    """Objects the placeholders refer to; call inside an app context, then commit."""
    from tests.factories import NeighbourhoodFactory, resident
    from wijkplatform.contributions import services

    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    contribution = services.create_contribution(
        author,
        neighbourhood=neighbourhood,
        kind="issue",
        title="Een vraag voor de routes",
        body="Tekst.",
        categories=["community"],
    )
    comment = services.add_comment(author, contribution, body="Een reactie.")
    opgave = _sample_opgave(neighbourhood)
    return {
        "neighbourhood": neighbourhood.slug,
        "municipality": neighbourhood.municipality.cbs_code,
        "contribution": str(contribution.id),
        "comment": str(comment.id),
        "opgave": str(opgave.id),
    }


def _sample_opgave(neighbourhood):
    from datetime import date, timedelta

    from tests.factories import moderator
    from wijkplatform.opgaven import services as opgave_services

    worker = moderator(neighbourhood)
    opgave = opgave_services.create_opgave(worker, neighbourhood, title="Een opgave voor de routes")
    today = date.today()
    opgave_services.open_reactions(worker, opgave, until=today + timedelta(days=7), today=today)
    return opgave


def requests_to_try(values: dict[str, str]):
    """(endpoint, method, url) for every route and method in the table."""
    for endpoint, route in sorted(ROUTES.items()):
        for method in route.methods:
            yield endpoint, method, route.url.format(**values)
