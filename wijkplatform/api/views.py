"""/api/v1/: read-only JSON of public data."""

from __future__ import annotations

from flask import Blueprint, abort, jsonify

from wijkplatform.api import openapi, serializers
from wijkplatform.contributions import area
from wijkplatform.core.urls import public_url
from wijkplatform.extensions import csrf
from wijkplatform.neighbourhoods import queries
from wijkplatform.opgaven import queries as opgave_queries
from wijkplatform.opgaven import services as opgave_services

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # GET only; nothing here changes state

ATTRIBUTION = "Bron: CBS / Kadaster, Kerncijfers wijken en buurten (CC BY 4.0)"


@bp.after_request
def _public_json(response):
    # Open data: any site may read it; nothing here depends on who asks.
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers.setdefault("Cache-Control", "public, max-age=300")
    return response


@bp.errorhandler(404)
def _not_found(error):
    return jsonify(error="not found"), 404


@bp.route("/")
def index():
    return jsonify(
        openapi=public_url("api.openapi_document"),
        municipalities=public_url("api.municipality_list"),
        neighbourhoods=public_url("api.neighbourhood_list"),
        indicators=public_url("api.indicator_list"),
    )


@bp.route("/openapi.json")
def openapi_document():
    return jsonify(openapi.document())


@bp.route("/municipalities")
def municipality_list():
    return jsonify(municipalities=[serializers.municipality(m) for m in queries.municipalities()])


@bp.route("/neighbourhoods")
def neighbourhood_list():
    return jsonify(
        neighbourhoods=[
            serializers.neighbourhood(n)
            for _, neighbourhoods in queries.neighbourhoods_by_municipality()
            for n in neighbourhoods
        ]
    )


def _neighbourhood_or_404(slug: str):
    return queries.get_neighbourhood_by_slug(slug) or abort(404)


@bp.route("/neighbourhoods/<slug>")
def neighbourhood_detail(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    return jsonify(serializers.neighbourhood(neighbourhood, with_boundary=True))


@bp.route("/neighbourhoods/<slug>/profile")
def neighbourhood_profile(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    profiles = queries.area_profiles_for(neighbourhood)
    own = [p for p in profiles if p.region_code == neighbourhood.cbs_code]
    municipal = [p for p in profiles if p.region_code == neighbourhood.municipality.cbs_code]
    return jsonify(
        neighbourhood=serializers.neighbourhood(neighbourhood),
        attribution=ATTRIBUTION,
        years=[serializers.profile(p) for p in own],
        municipality_years=[serializers.profile(p) for p in municipal],
    )


@bp.route("/neighbourhoods/<slug>/raised-topics")
def neighbourhood_raised_topics(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    topics = area.raised_topics(neighbourhood.id)
    return jsonify(
        neighbourhood=serializers.neighbourhood(neighbourhood),
        topics=[serializers.topic(row) for row in topics.rows],
    )


@bp.route("/neighbourhoods/<slug>/social-map")
def neighbourhood_social_map(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    social_map = area.social_map(neighbourhood.id)
    return jsonify(
        neighbourhood=serializers.neighbourhood(neighbourhood),
        resources=[serializers.resource(r) for r in social_map.resources],
        organisations=[serializers.organisation(o) for o in social_map.organisations],
    )


@bp.route("/neighbourhoods/<slug>/opgaven")
def neighbourhood_opgaven(slug: str):
    neighbourhood = _neighbourhood_or_404(slug)
    return jsonify(
        neighbourhood=serializers.neighbourhood(neighbourhood),
        opgaven=[
            serializers.opgave_summary(o)
            for o in opgave_queries.opgaven_of(neighbourhood, include_unpublished=False)
        ],
    )


@bp.route("/opgaven/<int:opgave_id>")
def opgave_detail(opgave_id: int):
    opgave = opgave_queries.get_opgave(opgave_id)
    if opgave is None or not opgave.is_public:
        abort(404)
    return jsonify(
        serializers.opgave(
            opgave,
            opgave_services.latest_version(opgave),
            opgave_queries.evidence(opgave),
            opgave_queries.reaction_results(opgave),
            opgave_queries.decisions(opgave),
        )
    )


@bp.route("/indicators")
def indicator_list():
    return jsonify(serializers.indicator_definitions())
