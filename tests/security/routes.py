"""Every route of the app, in one table, with who may use it. A test fails when a route is
missing here, so each new feature adds its routes as one line each: the URL (placeholders
come from `samples`), the methods, and the access policy (a key of POLICIES) that
`test_permission_matrix.py` walks for every role.
"""

from __future__ import annotations

from dataclasses import dataclass

# What a person gets: the page or action (A), sent to log in (L), refused (F, 403), or
# told it does not exist (H, 404: a draft not shown to them, an object of another place).
A, L, F, H = "allowed", "login", "forbidden", "hidden"

ROLES = (
    "visitor",
    "resident",  # of the sample neighbourhood
    "organisation member",  # resident and member of a verified organisation there
    "moderator",  # of the sample neighbourhood
    "moderator elsewhere",  # of another neighbourhood in the same municipality
    "reviewer",  # of the sample municipality
    "reviewer elsewhere",  # of another municipality
    "admin",
)

# fmt: off
POLICIES: dict[str, tuple[str, ...]] = {
    #                      visitor resident member moderator mod-else reviewer rev-else admin
    "public":             (A,      A,       A,     A,        A,       A,       A,       A),
    "signed in":          (L,      A,       A,     A,        A,       A,       A,       A),
    "admin":              (L,      F,       F,     F,        F,       F,       F,       A),
    # create, moderate: the neighbourhood's residents and workers, and admins
    "contribute here":    (L,      A,       A,     A,        F,       F,       F,       A),
    "moderate here":      (L,      F,       F,     A,        F,       F,       F,       A),
    "moderation log":     (L,      F,       F,     A,        F,       A,       F,       A),
    # the sample contribution and comment belong to another resident
    "author only":        (L,      F,       F,     F,        F,       F,       F,       F),
    # Opgaven: only the neighbourhood's workers write, only its residents react,
    # only the municipality's reviewers decide
    "write opgave":       (L,      F,       F,     A,        F,       F,       F,       F),
    "react to opgave":    (L,      A,       A,     F,        F,       F,       F,       F),
    "decide opgave":      (L,      F,       F,     F,        F,       A,       F,       F),
    # steps that the sample's state does not allow for anybody
    "nobody now":         (L,      F,       F,     F,        F,       F,       F,       F),
}
# fmt: on


@dataclass(frozen=True)
class Route:
    url: str  # with {placeholders} filled from the sample objects
    methods: tuple[str, ...] = ("GET",)
    json: bool = False  # answers JSON (or a file), not an HTML page
    access: str = "public"  # a key of POLICIES
    # An allowed request uses the sample object up (deletes it): the matrix gives every role
    # its own samples for this route.
    consumes: bool = False


# fmt: off
ROUTES: dict[str, Route] = {
    # core
    "static": Route("/static/css/app.css"),
    "core.privacy": Route("/privacy"),
    "core.accessibility": Route("/toegankelijkheid"),
    "core.healthz": Route("/healthz", json=True),
    "core.readyz": Route("/readyz", json=True),
    # accounts (forms for visitors answer signed-in people too, with a redirect)
    "accounts.register": Route("/account/register", ("GET", "POST")),
    "accounts.check_email": Route("/account/register/check-email"),
    "accounts.confirm_email": Route("/account/confirm/not-a-real-token", ("GET", "POST")),
    "accounts.confirmation_again": Route("/account/register/send-again", ("GET", "POST")),
    "accounts.confirm_email_change": Route("/account/email/confirm/not-a-real-token",
                                           ("GET", "POST")),
    "accounts.forgot_password": Route("/account/password/forgot", ("GET", "POST")),
    "accounts.forgot_password_sent": Route("/account/password/forgot/sent"),
    "accounts.reset_password": Route("/account/password/reset/not-a-real-token",
                                     ("GET", "POST")),
    "accounts.login": Route("/account/login", ("GET", "POST")),
    # Without a first step, visitors go back to the login page; signed-in people to their account.
    "accounts.login_code": Route("/account/login/code", ("GET", "POST"), access="signed in"),
    "accounts.logout": Route("/account/logout", ("GET", "POST")),
    "accounts.overview": Route("/account/", access="signed in"),
    "accounts.change_password": Route("/account/password", ("GET", "POST"), access="signed in"),
    "accounts.change_email": Route("/account/email", ("GET", "POST"), access="signed in"),
    "accounts.change_display_name": Route("/account/name", ("GET", "POST"), access="signed in"),
    "accounts.confirm_password": Route("/account/confirm-password", ("GET", "POST"),
                                       access="signed in"),
    "accounts.two_factor_setup": Route("/account/two-factor", ("GET", "POST"), access="signed in"),
    "accounts.choose_language": Route("/account/language", ("POST",)),
    "accounts.personal_data_page": Route("/account/data", access="signed in"),
    "accounts.export_personal_data": Route("/account/data/export.json", json=True,
                                           access="signed in"),
    "accounts.erase_account": Route("/account/data/erase", ("POST",), access="signed in"),
    "accounts.new_organisation": Route("/account/organisations/new", ("GET", "POST"),
                                       access="signed in"),
    # neighbourhoods
    "neighbourhoods.home": Route("/"),
    "neighbourhoods.neighbourhood_list": Route("/neighbourhoods/"),
    "neighbourhoods.neighbourhood_detail": Route("/neighbourhoods/{neighbourhood}/"),
    "neighbourhoods.places_admin": Route("/admin/places/", access="admin"),
    "neighbourhoods.create_municipality": Route("/admin/places/municipalities", ("POST",),
                                                access="admin"),
    "neighbourhoods.create_neighbourhood": Route("/admin/places/neighbourhoods", ("POST",),
                                                 access="admin"),
    "neighbourhoods.profiles_import": Route("/admin/profiles/", ("GET", "POST"), access="admin"),
    # contributions (the sample contribution, resource and comment are another resident's)
    "contributions.neighbourhood_list": Route("/neighbourhoods/{neighbourhood}/contributions/"),
    "contributions.municipality_list": Route("/municipalities/{municipality}/contributions/"),
    "contributions.mine": Route("/account/contributions", access="signed in"),
    "contributions.new": Route("/contributions/new?neighbourhood={neighbourhood}",
                               ("GET", "POST"), access="contribute here"),
    "contributions.similar": Route("/contributions/similar?neighbourhood={neighbourhood}&title=x"),
    "contributions.detail": Route("/contributions/{contribution}"),
    "contributions.edit": Route("/contributions/{contribution}/edit", ("GET", "POST"),
                                access="author only"),
    "contributions.withdraw": Route("/contributions/{contribution}/withdraw", ("POST",),
                                    access="author only"),
    "contributions.support": Route("/contributions/{contribution}/support", ("POST",),
                                   access="signed in"),
    "contributions.follow": Route("/contributions/{contribution}/follow", ("POST",),
                                  access="signed in"),
    "contributions.add_link": Route("/contributions/{resource}/links", ("POST",),
                                    access="moderate here"),
    "contributions.delete_link": Route("/contributions/{resource}/links/{link}/delete",
                                       ("POST",), access="moderate here", consumes=True),
    "contributions.add_comment": Route("/contributions/{contribution}/comments", ("POST",),
                                       access="signed in"),
    "contributions.edit_comment": Route("/comments/{comment}/edit", ("GET", "POST"),
                                        access="author only"),
    "contributions.delete_comment": Route("/comments/{comment}/delete", ("POST",),
                                          access="author only"),
    # moderation (the target is the sample contribution)
    "moderation.queue": Route("/moderation/{neighbourhood}/", access="moderate here"),
    "moderation.log": Route("/moderation/{neighbourhood}/log", access="moderation log"),
    "moderation.notices": Route("/moderation/notices", access="signed in"),
    "moderation.item": Route("/moderation/{neighbourhood}/contribution/{contribution}",
                             access="moderation log"),
    "moderation.hide": Route("/moderation/{neighbourhood}/contribution/{contribution}/hide",
                             ("POST",), access="moderate here"),
    "moderation.restore": Route("/moderation/{neighbourhood}/contribution/{contribution}/restore",
                                ("POST",), access="moderate here"),
    "moderation.dismiss": Route("/moderation/{neighbourhood}/contribution/{contribution}/dismiss",
                                ("POST",), access="moderate here"),
    "moderation.answer": Route("/moderation/{neighbourhood}/contribution/{contribution}/answer",
                               ("POST",), access="moderate here"),
    "moderation.merge": Route("/moderation/{neighbourhood}/contribution/{contribution}/merge",
                              ("POST",), access="moderate here"),
    "moderation.report": Route("/moderation/report/contribution/{contribution}",
                               ("GET", "POST"), access="signed in"),
    "moderation.block": Route("/moderation/{neighbourhood}/users/{author}/block",
                              ("GET", "POST"), access="moderate here"),
    "moderation.lift_block": Route("/moderation/{neighbourhood}/blocks/{block}/lift", ("POST",),
                                   access="moderate here"),
    "moderation.verify_organisation": Route(
        "/moderation/{neighbourhood}/organisations/{organisation}/verify", ("POST",),
        access="moderate here"),
    "moderation.reject_organisation": Route(
        "/moderation/{neighbourhood}/organisations/{organisation}/reject", ("POST",),
        access="moderate here"),
    # opgaven (the sample Opgave is open for reactions in the sample neighbourhood)
    "opgaven.new": Route("/neighbourhoods/{neighbourhood}/opgaven/new", ("GET", "POST"),
                         access="write opgave"),
    "opgaven.detail": Route("/opgaven/{opgave}"),
    "opgaven.edit": Route("/opgaven/{opgave}/edit", ("GET", "POST"), access="write opgave"),
    "opgaven.versions": Route("/opgaven/{opgave}/versions/"),
    "opgaven.version": Route("/opgaven/{opgave}/versions/1"),
    "opgaven.compare": Route("/opgaven/{opgave}/versions/1/compare"),
    "opgaven.evidence": Route("/opgaven/{opgave}/evidence", ("GET", "POST"),
                              access="write opgave"),
    "opgaven.remove_evidence": Route("/opgaven/{opgave}/evidence/{evidence}/remove", ("POST",),
                                     access="write opgave", consumes=True),
    "opgaven.react": Route("/opgaven/{opgave}/react", ("GET", "POST"), access="react to opgave"),
    "opgaven.open_reactions": Route("/opgaven/{opgave}/reactions/open", ("POST",),
                                    access="write opgave"),
    "opgaven.close_reactions": Route("/opgaven/{opgave}/reactions/close", ("POST",),
                                     access="write opgave"),
    "opgaven.submit": Route("/opgaven/{opgave}/submit", ("POST",), access="write opgave"),
    "opgaven.decide": Route("/opgaven/{opgave}/decision", ("POST",), access="decide opgave"),
    "opgaven.start_from": Route("/opgaven/{opgave}/new-draft", ("POST",), access="nobody now"),
    "opgaven.print_page": Route("/opgaven/{opgave}/print"),
    "opgaven.markdown": Route("/opgaven/{opgave}/export.md", json=True),
    # api
    "api.index": Route("/api/v1/", json=True),
    "api.openapi_document": Route("/api/v1/openapi.json", json=True),
    "api.municipality_list": Route("/api/v1/municipalities", json=True),
    "api.neighbourhood_list": Route("/api/v1/neighbourhoods", json=True),
    "api.neighbourhood_detail": Route("/api/v1/neighbourhoods/{neighbourhood}", json=True),
    "api.neighbourhood_profile": Route("/api/v1/neighbourhoods/{neighbourhood}/profile",
                                       json=True),
    "api.neighbourhood_raised_topics": Route(
        "/api/v1/neighbourhoods/{neighbourhood}/raised-topics", json=True),
    "api.neighbourhood_social_map": Route("/api/v1/neighbourhoods/{neighbourhood}/social-map",
                                          json=True),
    "api.indicator_list": Route("/api/v1/indicators", json=True),
    "api.neighbourhood_opgaven": Route("/api/v1/neighbourhoods/{neighbourhood}/opgaven",
                                       json=True),
    "api.opgave_detail": Route("/api/v1/opgaven/{opgave}", json=True),
}
# fmt: on


def sample_objects() -> dict[str, object]:
    """The objects the placeholders refer to, in one neighbourhood, all by one resident (the
    author, who is none of the roles of the matrix); call inside an app context, then commit."""
    from datetime import date, timedelta

    from tests.factories import NeighbourhoodFactory, moderator, resident
    from wijkplatform.accounts import services as account_services
    from wijkplatform.contributions import services
    from wijkplatform.moderation import services as moderation_services
    from wijkplatform.opgaven import services as opgave_services

    neighbourhood = NeighbourhoodFactory()
    author = resident(neighbourhood)
    worker = moderator(neighbourhood)

    def contribute(kind: str, title: str):
        return services.create_contribution(
            author, neighbourhood=neighbourhood, kind=kind, title=title, body="Tekst.",
            categories=["community"],
        )  # fmt: skip

    contribution = contribute("issue", "Een vraag voor de routes")
    resource = contribute("resource", "Een hulpbron voor de routes")
    link = services.link_contributions(author, resource, contribution)
    comment = services.add_comment(author, contribution, body="Een reactie.")
    organisation = account_services.register_organisation(
        author, name="Buurthuis voor de routes", kind="neighbourhood",
        neighbourhood_id=neighbourhood.id, offers="Een plek.", contact="010-1234567",
        kvk_number=None,
    )  # fmt: skip
    today = date.today()
    blocked = resident(neighbourhood)
    block = moderation_services.block(
        worker,
        blocked,
        neighbourhood,
        until=today + timedelta(days=30),
        reason="Scheldwoorden in reacties.",
    )
    opgave = opgave_services.create_opgave(worker, neighbourhood, title="Een opgave voor de routes")
    opgave_services.open_reactions(worker, opgave, until=today + timedelta(days=7), today=today)
    evidence = opgave_services.link_evidence(worker, opgave, contribution)
    return {
        "neighbourhood": neighbourhood,
        "author": author,
        "contribution": contribution,
        "resource": resource,
        "link": link,
        "comment": comment,
        "organisation": organisation,
        "block": block,
        "opgave": opgave,
        "evidence": evidence,
    }


def placeholders(objects: dict[str, object]) -> dict[str, str]:
    neighbourhood = objects["neighbourhood"]
    values = {key: str(obj.id) for key, obj in objects.items() if key != "neighbourhood"}
    values["neighbourhood"] = neighbourhood.slug
    values["municipality"] = neighbourhood.municipality.cbs_code
    return values


def samples() -> dict[str, str]:
    """Placeholder values for every URL in ROUTES; call inside an app context, then commit."""
    return placeholders(sample_objects())


def requests_to_try(values: dict[str, str]):
    """(endpoint, method, url) for every route and method in the table."""
    for endpoint, route in sorted(ROUTES.items()):
        for method in route.methods:
            yield endpoint, method, route.url.format(**values)
