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
    # (and comment on the published team design)
    "react to opgave":    (L,      A,       A,     F,        F,       F,       F,       F),
    "decide opgave":      (L,      F,       F,     F,        F,       A,       F,       F),
    # the team design: the neighbourhood's workers and the municipality's reviewers write it
    # together and alone see its working view (worksheet, plan, start document)
    "work on team design": (L,     F,       F,     A,        F,       A,       F,       F),
    # the municipal review: the municipality's reviewers, and admins
    "review":             (L,      F,       F,     F,        F,       A,       F,       A),
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
    "core.glossary": Route("/begrippen"),
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
    "accounts.participation_profile": Route("/account/about-you", ("GET", "POST"),
                                            access="signed in"),
    "accounts.change_display_name": Route("/account/name", ("GET", "POST"), access="signed in"),
    "accounts.confirm_password": Route("/account/confirm-password", ("GET", "POST"),
                                       access="signed in"),
    "accounts.two_factor_setup": Route("/account/two-factor", ("GET", "POST"), access="signed in"),
    # without two-factor login: back to its set-up; a role that needs it keeps it (a message)
    "accounts.recovery_codes_page": Route("/account/two-factor/recovery-codes", ("GET", "POST"),
                                          access="signed in"),
    "accounts.two_factor_off": Route("/account/two-factor/off", ("POST",), access="signed in"),
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
    "contributions.print_view": Route("/contributions/{contribution}/print"),
    "contributions.edit": Route("/contributions/{contribution}/edit", ("GET", "POST"),
                                access="author only"),
    "contributions.withdraw": Route("/contributions/{contribution}/withdraw", ("GET", "POST"),
                                    access="author only"),
    "contributions.support": Route("/contributions/{contribution}/support", ("POST",),
                                   access="signed in"),
    "contributions.follow": Route("/contributions/{contribution}/follow", ("POST",),
                                  access="signed in"),
    "contributions.add_link": Route("/contributions/{resource}/links", ("POST",),
                                    access="moderate here"),
    "contributions.delete_link": Route("/contributions/{resource}/links/{link}/delete",
                                       ("POST",), access="moderate here", consumes=True),
    # the next page of a thread: htmx gets the partial, a plain GET goes back to the page
    "contributions.more_comments": Route("/contributions/{contribution}/comments"),
    "contributions.comment_replies": Route("/comments/{comment}/replies"),
    "contributions.add_comment": Route("/contributions/{contribution}/comments", ("POST",),
                                       access="signed in"),
    "contributions.edit_comment": Route("/comments/{comment}/edit", ("GET", "POST"),
                                        access="author only"),
    "contributions.delete_comment": Route("/comments/{comment}/delete", ("POST",),
                                          access="author only"),
    # a photo of the sample contribution (a file, not a page)
    "contributions.photo": Route("/photos/{photo_key}-thumb.jpg", json=True),
    # moderation (the target is the sample contribution)
    "moderation.queue": Route("/moderation/{neighbourhood}/", access="moderate here"),
    "moderation.log": Route("/moderation/{neighbourhood}/log", access="moderation log"),
    "moderation.inbox": Route("/moderation/{neighbourhood}/inbox", access="moderate here"),
    "moderation.inbox_more": Route("/moderation/{neighbourhood}/inbox/more",
                                   access="moderate here"),
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
    # (a POST without a reason is refused beside the field: the photo stays)
    "moderation.remove_photo": Route("/moderation/{neighbourhood}/photos/{photo}/remove",
                                     ("GET", "POST"), access="moderate here"),
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
    # team design (the sample design is started and published, with an accepted Opgave
    # linked, an action in its plan and a comment by the sample resident on block 1)
    "team_design.public": Route("/neighbourhoods/{neighbourhood}/team-design/"),
    "team_design.worksheet": Route("/neighbourhoods/{neighbourhood}/team-design/worksheet",
                                   access="work on team design"),
    "team_design.start": Route("/neighbourhoods/{neighbourhood}/team-design/start", ("POST",),
                               access="work on team design"),
    "team_design.edit_block": Route("/neighbourhoods/{neighbourhood}/team-design/blocks/1/edit",
                                    ("GET", "POST"), access="work on team design"),
    "team_design.block_history": Route(
        "/neighbourhoods/{neighbourhood}/team-design/blocks/1/history",
        access="work on team design"),
    "team_design.link_opgave": Route("/neighbourhoods/{neighbourhood}/team-design/opgaven",
                                     ("POST",), access="work on team design"),
    "team_design.unlink_opgave": Route(
        "/neighbourhoods/{neighbourhood}/team-design/opgaven/{design_opgave}/unlink", ("POST",),
        access="work on team design", consumes=True),
    "team_design.seen_opgave_change": Route(
        "/neighbourhoods/{neighbourhood}/team-design/opgaven/{design_opgave}/seen", ("POST",),
        access="work on team design"),
    "team_design.publish": Route("/neighbourhoods/{neighbourhood}/team-design/publish",
                                 ("POST",), access="work on team design"),
    "team_design.plan": Route("/neighbourhoods/{neighbourhood}/team-design/plan",
                              ("GET", "POST"), access="work on team design"),
    "team_design.action_status": Route(
        "/neighbourhoods/{neighbourhood}/team-design/plan/{design_action}/status", ("POST",),
        access="work on team design"),
    "team_design.start_document": Route(
        "/neighbourhoods/{neighbourhood}/team-design/start-document",
        access="work on team design"),
    "team_design.start_document_markdown": Route(
        "/neighbourhoods/{neighbourhood}/team-design/start-document.md", json=True,
        access="work on team design"),
    "team_design.start_document_pdf": Route(
        "/neighbourhoods/{neighbourhood}/team-design/start-document.pdf", json=True,
        access="work on team design"),
    "team_design.more_comments": Route(
        "/neighbourhoods/{neighbourhood}/team-design/blocks/1/comments?comments_after=1"),
    "team_design.comment": Route("/neighbourhoods/{neighbourhood}/team-design/blocks/1/comments",
                                 ("POST",), access="react to opgave"),
    "team_design.hide_comment": Route(
        "/neighbourhoods/{neighbourhood}/team-design/comments/{design_comment}/hide", ("POST",),
        access="moderate here"),
    "team_design.restore_comment": Route(
        "/neighbourhoods/{neighbourhood}/team-design/comments/{design_comment}/restore",
        ("POST",), access="moderate here"),
    # notifications (the unsubscribe link is the sample resident's, for every kind)
    "notifications.index": Route("/notifications/", access="signed in"),
    "notifications.count": Route("/notifications/count"),  # nothing (204) for visitors
    "notifications.mark_read": Route("/notifications/read", ("POST",), access="signed in"),
    "notifications.settings": Route("/notifications/settings", ("GET", "POST"),
                                    access="signed in"),
    "notifications.unsubscribe": Route("/notifications/unsubscribe/{unsubscribe_token}",
                                       ("GET", "POST")),
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
    "api.contribution_list": Route("/api/v1/contributions?municipality={municipality}",
                                   json=True),
    "api.contribution_detail": Route("/api/v1/contributions/{contribution}", json=True),
    "api.municipality_priorities": Route("/api/v1/municipalities/{municipality}/priorities",
                                         json=True),
    "api.municipality_participation": Route(
        "/api/v1/municipalities/{municipality}/participation", json=True),
    # admin (the sample worker's role and the sample block are taken away only with a reason,
    # which the matrix does not send)
    "admin.index": Route("/admin/", access="admin"),
    "admin.users": Route("/admin/users/?q=routes", access="admin"),
    "admin.user_detail": Route("/admin/users/{author}", access="admin"),
    "admin.grant_role": Route("/admin/users/{author}/roles", ("POST",), access="admin"),
    "admin.revoke_role": Route("/admin/users/{worker}/roles/{worker_membership}/revoke",
                               ("POST",), access="admin"),
    "admin.block_user": Route("/admin/users/{author}/blocks", ("POST",), access="admin"),
    "admin.lift_block": Route("/admin/users/{blocked}/blocks/{block}/lift", ("POST",),
                              access="admin"),
    # review
    "review.review_page": Route("/review/?municipality={municipality}", access="review"),
    "review.export_json": Route("/review/export/municipality/{municipality}.json", json=True),
    "review.export_csv": Route(
        "/review/export/neighbourhood/{neighbourhood}/contributions.csv", json=True),
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
    from wijkplatform.notifications.unsubscribe import token_for as unsubscribe_token_for
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
    photo = _photo(author, contribution)
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
    design_opgave, design_action, design_comment = _team_design(neighbourhood, author)
    return {
        "neighbourhood": neighbourhood,
        "author": author,
        "contribution": contribution,
        "photo": photo,
        "photo_key": photo.key,
        "resource": resource,
        "link": link,
        "comment": comment,
        "organisation": organisation,
        "block": block,
        "blocked": blocked,
        "worker": worker,
        "worker_membership": next(m for m in worker.memberships if m.role.value == "moderator"),
        "opgave": opgave,
        "evidence": evidence,
        "design_opgave": design_opgave,
        "design_action": design_action,
        "design_comment": design_comment,
        # a signed one-click link, not an id: see placeholders()
        "unsubscribe_token": unsubscribe_token_for(author.id, None),
    }


def _photo(author, contribution):
    """A small photo on the sample contribution, made with Pillow."""
    import io

    from PIL import Image

    from wijkplatform.contributions.photos import images
    from wijkplatform.contributions.photos import services as photo_services

    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 80, 20)).save(out, "PNG")
    prepared = images.prepare(out.getvalue(), max_bytes=10**6, max_pixels=10**6)
    [photo] = photo_services.add_photos(
        author, contribution, [photo_services.NewPhoto(prepared, "Een oranje vlak")]
    )
    return photo


def _team_design(neighbourhood, author):
    """The neighbourhood's team design, started and published by its own worker, with an
    accepted Opgave linked to block 1, an action in the plan and a comment by `author`."""
    from datetime import date, timedelta

    from tests.factories import moderator, reviewer
    from wijkplatform.opgaven import services as opgave_services
    from wijkplatform.team_design import services as design_services

    worker = moderator(neighbourhood)
    decider = reviewer(neighbourhood.municipality)
    title = "Een aangenomen opgave voor de routes"
    opgave = opgave_services.create_opgave(worker, neighbourhood, title=title)
    opgave_services.save_version(
        worker, opgave, base_version=1, title=title, goals=["resilience"], focus=["access"],
        texts={"task": "Samen met de wijk.", "characteristics": "Veel flats.",
               "problems": "Eenzaamheid."},
    )  # fmt: skip
    opgave_services.submit(worker, opgave)
    opgave_services.accept(decider, opgave)
    design = design_services.start_design(worker, neighbourhood)
    design_opgave = design_services.link_opgave(worker, design, opgave)
    design_action = design_services.add_action(
        worker, design, block=1, title="Buurtavond plannen", owner_id=worker.id,
        due_date=date.today() + timedelta(days=14),
    )  # fmt: skip
    design_services.publish(worker, design)
    design_comment = design_services.add_comment(author, design, 1, "Goed plan.")
    return design_opgave, design_action, design_comment


def placeholders(objects: dict[str, object]) -> dict[str, str]:
    neighbourhood = objects["neighbourhood"]
    values = {
        key: obj if isinstance(obj, str) else str(obj.id)
        for key, obj in objects.items()
        if key != "neighbourhood"
    }
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
