"""/api/v1/: read-only JSON of public data. Every answer goes through its marshmallow
schema (schemas.py), which is also what the OpenAPI document says (openapi.py)."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify, make_response, request
from marshmallow import ValidationError

from wijkplatform.api import openapi, serializers
from wijkplatform.api import schemas as s
from wijkplatform.contributions import area
from wijkplatform.contributions.queries import ListFilters, get_contribution, list_contributions
from wijkplatform.contributions.search import normalise_query
from wijkplatform.core.errors import answer_with_problem_details, problem
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import csrf
from wijkplatform.moderation.queries import latest_answer
from wijkplatform.neighbourhoods import queries
from wijkplatform.opgaven import queries as opgave_queries
from wijkplatform.opgaven import services as opgave_services
from wijkplatform.review import queries as review_queries

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # GET only; nothing here changes state

ATTRIBUTION = "Bron: CBS / Kadaster, Kerncijfers wijken en buurten (CC BY 4.0)"


@bp.record_once
def _errors_as_problem_details(state) -> None:
    answer_with_problem_details(state.app, bp.url_prefix + "/")


@bp.after_request
def _public_json(response):
    # Open data: any site may read it; nothing here depends on who asks.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response


def _answer(schema, data):
    return jsonify(schema().dump(data))


def _query(schema) -> dict:
    """The query string through its schema; anything unknown or wrong is a 400."""
    try:
        return schema().load(request.args.to_dict())
    except ValidationError as error:
        detail = "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in sorted(error.messages.items())
        )
        abort(make_response(problem(400, detail, invalid_params=error.messages)))


@bp.route("/")
def index():
    return jsonify(
        openapi=public_url("api.openapi_document"),
        municipalities=public_url("api.municipality_list"),
        neighbourhoods=public_url("api.neighbourhood_list"),
        contributions=public_url("api.contribution_list"),
        indicators=public_url("api.indicator_list"),
    )


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.route("/municipalities")
def municipality_list():
    return _answer(
        s.MunicipalityListSchema,
        {"municipalities": [serializers.municipality(m) for m in queries.municipalities()]},
    )


@bp.route("/neighbourhoods")
def neighbourhood_list():
    return _answer(
        s.NeighbourhoodListSchema,
        {
            "neighbourhoods": [
                serializers.neighbourhood(n)
                for _, neighbourhoods in queries.neighbourhoods_by_municipality()
                for n in neighbourhoods
            ]
        },
    )


def _id_or_404(number: int) -> int:
    if not 1 <= number <= s.MAX_ID:
        abort(404)
    return number


def _neighbourhood_or_404(slug: str):
    return queries.get_neighbourhood_by_slug(slug) or abort(404)


def _municipality_or_404(code: str):
    return queries.get_municipality_by_code(code) or abort(404)


@bp.route("/neighbourhoods/<slug>")
def neighbourhood_detail(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    return _answer(
        s.NeighbourhoodDetailSchema, serializers.neighbourhood(neighbourhood, with_boundary=True)
    )


@bp.route("/neighbourhoods/<slug>/profile")
def neighbourhood_profile(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    profiles = queries.area_profiles_for(neighbourhood)
    own = [p for p in profiles if p.region_code == neighbourhood.cbs_code]
    municipal = [p for p in profiles if p.region_code == neighbourhood.municipality.cbs_code]
    return _answer(
        s.AreaProfileSchema,
        {
            "neighbourhood": serializers.neighbourhood(neighbourhood),
            "attribution": ATTRIBUTION,
            "years": [serializers.profile(p) for p in own],
            "municipality_years": [serializers.profile(p) for p in municipal],
        },
    )


@bp.route("/neighbourhoods/<slug>/raised-topics")
def neighbourhood_raised_topics(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    topics = area.raised_topics(neighbourhood.id)
    return _answer(
        s.RaisedTopicsSchema,
        {
            "neighbourhood": serializers.neighbourhood(neighbourhood),
            "topics": [serializers.topic(row) for row in topics.rows],
        },
    )


@bp.route("/neighbourhoods/<slug>/social-map")
def neighbourhood_social_map(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    social_map = area.social_map(neighbourhood.id)
    return _answer(
        s.SocialMapSchema,
        {
            "neighbourhood": serializers.neighbourhood(neighbourhood),
            "resources": [serializers.resource(r) for r in social_map.resources],
            "organisations": [serializers.organisation(o) for o in social_map.organisations],
        },
    )


@bp.route("/neighbourhoods/<slug>/opgaven")
def neighbourhood_opgaven(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    return _answer(
        s.OpgaveListSchema,
        {
            "neighbourhood": serializers.neighbourhood(neighbourhood),
            "opgaven": [
                serializers.opgave_summary(o)
                for o in opgave_queries.opgaven_of(neighbourhood, include_unpublished=False)
            ],
        },
    )


@bp.route("/opgaven/<int:opgave_id>")
def opgave_detail(opgave_id: int):
    opgave = opgave_queries.get_opgave(_id_or_404(opgave_id))
    if opgave is None or not opgave.is_public:
        abort(404)
    return _answer(
        s.OpgaveSchema,
        serializers.opgave(
            opgave,
            opgave_services.latest_version(opgave),
            opgave_queries.evidence(opgave),
            opgave_queries.reaction_results(opgave),
            opgave_queries.decisions(opgave),
        ),
    )


# --- Contributions ------------------------------------------------------------------------


@bp.route("/contributions")
def contribution_list():
    args = _query(s.ContributionQuerySchema)
    neighbourhood_ids = municipality_id = None
    if "neighbourhood" in args:
        neighbourhood_ids = [_neighbourhood_or_404(args["neighbourhood"]).id]
    if "municipality" in args:
        municipality_id = _municipality_or_404(args["municipality"]).id
    filters = ListFilters(
        kind=args.get("kind"),
        category=args.get("category"),
        sort=args["sort"],
        q=normalise_query(args.get("q")),
        page=args["page"],
    )
    page = list_contributions(
        filters,
        neighbourhood_ids=neighbourhood_ids,
        municipality_id=municipality_id,
        per_page=args["per_page"],
    )
    if page.page != args["page"]:
        # A well-formed page number past the end asks for a page that is not there.
        abort(make_response(problem(404, f"There are {page.pages} pages.")))

    def link(number: int | None):
        if number is None:
            return None
        query = {k: v for k, v in request.args.to_dict().items() if k != "page"}
        if number > 1:
            query["page"] = number
        return public_url("api.contribution_list", **query)

    return _answer(
        s.ContributionPageSchema,
        {
            "items": [serializers.contribution_summary(c) for c in page.items],
            "page": page.page,
            "per_page": page.per_page,
            "total": page.total,
            "pages": page.pages,
            "links": {
                "self": link(page.page),
                "first": link(1),
                "last": link(page.pages),
                "next": link(page.page + 1 if page.has_next else None),
                "prev": link(page.page - 1 if page.has_previous else None),
            },
        },
    )


@bp.route("/contributions/<int:contribution_id>")
def contribution_detail(contribution_id: int):
    contribution = get_contribution(_id_or_404(contribution_id))
    if contribution is None or not serializers.is_public_contribution(contribution):
        abort(404)
    return _answer(
        s.ContributionSchema,
        serializers.contribution(contribution, latest_answer(contribution.id)),
    )


# --- The municipality's figures -------------------------------------------------------------


@bp.route("/municipalities/<code>/priorities")
def municipality_priorities(code: str):
    municipality = _municipality_or_404(code)
    figures = review_queries.overview(municipality)
    ids = [f.neighbourhood.id for f in figures]
    categories = review_queries.category_priorities(
        figures, review_queries.categories_by_neighbourhood(ids)
    )
    return _answer(
        s.PrioritiesSchema,
        serializers.priorities(municipality, categories, review_queries.fair_ranking(ids)),
    )


@bp.route("/municipalities/<code>/participation")
def municipality_participation(code: str):
    args = _query(s.ParticipationQuerySchema)
    municipality = _municipality_or_404(code)
    figures = review_queries.overview(municipality)
    weeks = review_queries.weekly([f.neighbourhood.id for f in figures], weeks=args["weeks"])
    return _answer(s.ParticipationSchema, serializers.participation(municipality, figures, weeks))


@bp.route("/indicators")
def indicator_list():
    schema = s.IndicatorDefinitionSchema()
    return jsonify(
        {key: schema.dump(value) for key, value in serializers.indicator_definitions().items()}
    )
