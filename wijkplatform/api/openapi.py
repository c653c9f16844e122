"""The OpenAPI 3.1 document of the read-only API, produced by apispec from the marshmallow
schemas that also shape the answers (schemas.py). Only the operations are listed here:
their paths, parameters and which schema each answer has."""

from __future__ import annotations

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from wijkplatform.accounts.permissions import min_account_age_days
from wijkplatform.api import schemas as s
from wijkplatform.core.urls import public_url

COMPONENTS = {
    "Problem": s.ProblemSchema,
    "Municipality": s.MunicipalitySchema,
    "MunicipalityList": s.MunicipalityListSchema,
    "Neighbourhood": s.NeighbourhoodSchema,
    "NeighbourhoodDetail": s.NeighbourhoodDetailSchema,
    "NeighbourhoodList": s.NeighbourhoodListSchema,
    "Figure": s.FigureSchema,
    "YearProfile": s.YearProfileSchema,
    "AreaProfile": s.AreaProfileSchema,
    "IndicatorDefinition": s.IndicatorDefinitionSchema,
    "KindCounts": s.KindCountsSchema,
    "RaisedTopics": s.RaisedTopicsSchema,
    "SocialMap": s.SocialMapSchema,
    "OpgaveSummary": s.OpgaveSummarySchema,
    "OpgaveList": s.OpgaveListSchema,
    "Opgave": s.OpgaveSchema,
    "ContributionSummary": s.ContributionSummarySchema,
    "Contribution": s.ContributionSchema,
    "ContributionPage": s.ContributionPageSchema,
    "Priorities": s.PrioritiesSchema,
    "Participation": s.ParticipationSchema,
}

_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": s.SLUG_PATTERN},
}
_CODE = {
    "name": "code",
    "in": "path",
    "required": True,
    "description": "CBS code of the municipality",
    "schema": {"type": "string", "pattern": "^GM[0-9]{4}$"},
}
_ID = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1, "maximum": s.MAX_ID},
}


def _problem(description: str) -> dict:
    return {
        "description": description,
        "content": {"application/problem+json": {"schema": "Problem"}},
    }


# (path, operation id, summary, answer schema, parameters, error answers)
OPERATIONS = (
    ("/municipalities", "listMunicipalities", "All municipalities", "MunicipalityList", [], {}),
    ("/neighbourhoods", "listNeighbourhoods", "All neighbourhoods", "NeighbourhoodList", [], {}),
    ("/neighbourhoods/{slug}", "getNeighbourhood",
     "One neighbourhood, with its boundary (GeoJSON geometry)", "NeighbourhoodDetail", [_SLUG],
     {"404": "No neighbourhood with this slug"}),
    ("/neighbourhoods/{slug}/profile", "getNeighbourhoodProfile",
     "Area profile: every year's figures for the neighbourhood and its municipality",
     "AreaProfile", [_SLUG], {"404": "No neighbourhood with this slug"}),
    ("/neighbourhoods/{slug}/raised-topics", "getRaisedTopics",
     "What residents raise: per subject the number of issues, resources and potentials and "
     "their support", "RaisedTopics", [_SLUG], {"404": "No neighbourhood with this slug"}),
    ("/neighbourhoods/{slug}/social-map", "getSocialMap",
     "Social map: the resources named in the neighbourhood", "SocialMap", [_SLUG],
     {"404": "No neighbourhood with this slug"}),
    ("/neighbourhoods/{slug}/opgaven", "listOpgaven",
     "The neighbourhood's Opgaven (tasks for the social neighbourhood team) that residents or "
     "the municipality can see", "OpgaveList", [_SLUG], {"404": "No neighbourhood with this slug"}),
    ("/opgaven/{id}", "getOpgave",
     "One Opgave: its latest text per part of building block 1, the contributions that are "
     "its evidence, the reaction counts and the municipality's decisions", "Opgave", [_ID],
     {"404": "No published Opgave with this id"}),
    ("/contributions", "listContributions",
     "Visible contributions with the filters and sorting of the pages, a page at a time "
     "(stable order: ties are broken by newest, then highest id)", "ContributionPage",
     [{"in": "query", "schema": s.ContributionQuerySchema}],
     {"400": "An unknown filter, sort key or page",
      "404": "No such neighbourhood, municipality or page (past the last one)"}),
    ("/contributions/{id}", "getContribution",
     "One visible contribution with its counts, state and official answer", "Contribution",
     [_ID], {"404": "No visible contribution with this id (hidden or merged ones are not given)"}),
    ("/municipalities/{code}/priorities", "getPriorities",
     "The municipality's priorities: subjects and contributions ranked fairly across its "
     "neighbourhoods", "Priorities", [_CODE], {"404": "No municipality with this code"}),
    ("/municipalities/{code}/participation", "getParticipation",
     "Residents taking part, contributions, supports and reactions per neighbourhood, per "
     "1,000 inhabitants and per week", "Participation",
     [_CODE, {"in": "query", "schema": s.ParticipationQuerySchema}],
     {"400": "An unknown parameter or period", "404": "No municipality with this code"}),
    ("/indicators", "listIndicators", "Definitions of the indicator keys",
     "IndicatorDefinitions", [], {}),
)  # fmt: skip


def document() -> dict:
    spec = APISpec(
        title="Wijkplatform API",
        version="1.1.0",
        openapi_version="3.1.0",
        plugins=[MarshmallowPlugin()],
        info={
            "description": (
                "Read-only public data of Wijkplatform: municipalities, neighbourhoods and "
                "their area profiles (CBS Kerncijfers wijken en buurten, CC BY 4.0), "
                "contributions, Opgaven and the municipality's figures. Figures that CBS "
                "marks secret are never given: their value is null with status 'secret'. "
                f"{_who_counts()} Every time has its offset (RFC 3339); every error is "
                "problem details (RFC 9457)."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        servers=[{"url": public_url("api.index").rstrip("/")}],
    )
    for name, schema in COMPONENTS.items():
        spec.components.schema(name, schema=schema)
    spec.components.schema(
        "IndicatorDefinitions",
        {
            "type": "object",
            "additionalProperties": {"$ref": "#/components/schemas/IndicatorDefinition"},
        },
    )
    for path, operation_id, summary, answer, parameters, errors in OPERATIONS:
        responses = {
            "200": {"description": summary, "content": {"application/json": {"schema": answer}}}
        }
        responses.update({code: _problem(text) for code, text in errors.items()})
        spec.path(
            path=path,
            operations={
                "get": {
                    "summary": summary,
                    "operationId": operation_id,
                    "parameters": list(parameters),
                    "responses": responses,
                }
            },
        )
    answer = spec.to_dict()
    # The number of days is a setting, so the schemas cannot hold it: the count says its rule
    # where a reader of the Opgave looks.
    behind = answer["components"]["schemas"]["Opgave"]["properties"]["residents_behind"]
    behind["description"] = f"{behind['description']} {_who_counts()}"
    return answer


def _who_counts() -> str:
    return (
        "Residents who count: residents of the neighbourhood with a confirmed e-mail address "
        f"and an account at least {min_account_age_days()} days old."
    )
