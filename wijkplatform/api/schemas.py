"""The one description of the API's data: marshmallow schemas that both shape every
response (`dump` keeps only the declared fields, and writes every time with its offset) and
produce the OpenAPI document (openapi.py, through apispec). A field added here is in the
answer and in the document at once; one left out is in neither, so they cannot drift.

Why apispec with marshmallow: it works with our plain Flask blueprint and our own error
handling (flask-smorest and APIFlask take over the app's error handlers or its class), both
are long-lived, widely used libraries, and marshmallow also checks the query strings.
"""

from __future__ import annotations

from datetime import UTC

from marshmallow import RAISE, Schema, fields, validate

from wijkplatform.contributions.models import (
    CATEGORIES,
    ContributionKind,
    ContributionStatus,
    OfflineSource,
)
from wijkplatform.contributions.queries import SORTS
from wijkplatform.opgaven.models import FOCUS, GOALS, SECTION_KEYS, Answer, OpgaveStatus

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
MAX_PER_PAGE = 100
MAX_ID = 2**31 - 1  # the largest id a database integer column holds


class Rfc3339(fields.DateTime):
    """A time as RFC 3339 wants it: always with its offset. SQLite hands back naive times;
    they were stored in UTC."""

    def _serialize(self, value, attr, obj, **kwargs):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return super()._serialize(value, attr, obj, **kwargs)


def _time(**kwargs):
    return Rfc3339(format="iso", **kwargs)


def _url(**kwargs):
    return fields.Url(metadata={"format": "uri"}, **kwargs)


def _one_of(values):
    return validate.OneOf([str(v) for v in values])


class ProblemSchema(Schema):
    """RFC 9457 problem details: every error answer."""

    type = fields.String(required=True)
    title = fields.String(required=True)
    status = fields.Integer(required=True)
    detail = fields.String()
    invalid_params = fields.Dict(
        keys=fields.String(),
        values=fields.Raw(),
        metadata={"description": "Per query parameter, what is wrong with it (a 400)"},
    )


# --- Places and profiles -------------------------------------------------------------------


class MunicipalitySchema(Schema):
    name = fields.String(required=True)
    cbs_code = fields.String(required=True)


class MunicipalityListSchema(Schema):
    municipalities = fields.List(fields.Nested(MunicipalitySchema), required=True)


class NeighbourhoodSchema(Schema):
    slug = fields.String(required=True)
    name = fields.String(required=True)
    cbs_code = fields.String(allow_none=True)
    description = fields.String()
    municipality = fields.Nested(MunicipalitySchema, required=True)
    url = _url(required=True)
    profile_url = _url()


class NeighbourhoodDetailSchema(NeighbourhoodSchema):
    boundary = fields.Dict(allow_none=True, metadata={"description": "GeoJSON geometry"})


class NeighbourhoodListSchema(Schema):
    neighbourhoods = fields.List(fields.Nested(NeighbourhoodSchema), required=True)


class FigureSchema(Schema):
    value = fields.Float(required=True, allow_none=True)
    status = fields.String(required=True, validate=_one_of(["ok", "secret", "missing"]))
    unit = fields.String(required=True)
    category = fields.String()
    label = fields.String()
    higher_is_worse = fields.Boolean(allow_none=True)


class YearProfileSchema(Schema):
    year = fields.Integer(required=True)
    region_code = fields.String(required=True)
    region_level = fields.String()
    region_name = fields.String()
    source = fields.String(required=True)
    indicators = fields.Dict(
        keys=fields.String(), values=fields.Nested(FigureSchema), required=True
    )


class AreaProfileSchema(Schema):
    neighbourhood = fields.Nested(NeighbourhoodSchema, required=True)
    attribution = fields.String(required=True)
    years = fields.List(fields.Nested(YearProfileSchema), required=True)
    municipality_years = fields.List(fields.Nested(YearProfileSchema), required=True)


class IndicatorDefinitionSchema(Schema):
    unit = fields.String(required=True)
    category = fields.String(required=True)
    category_label = fields.String(required=True)
    label = fields.String(required=True)
    higher_is_worse = fields.Boolean(allow_none=True)


class KindCountsSchema(Schema):
    issue = fields.Integer(required=True)
    resource = fields.Integer(required=True)
    potential = fields.Integer(required=True)


class TopicSchema(Schema):
    category = fields.String(required=True)
    label = fields.String(required=True)
    counts = fields.Nested(KindCountsSchema, required=True)
    support = fields.Nested(
        KindCountsSchema,
        required=True,
        metadata={"description": "Supports per kind from residents who count."},
    )
    gap = fields.Boolean(required=True)


class RaisedTopicsSchema(Schema):
    neighbourhood = fields.Nested(NeighbourhoodSchema, required=True)
    topics = fields.List(fields.Nested(TopicSchema), required=True)


class ResourceSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    categories = fields.List(fields.String(), required=True)
    place = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    support_count = fields.Integer(required=True)
    url = _url(required=True)


class OrganisationSchema(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True)
    offers = fields.String()
    contact = fields.String(
        allow_none=True,
        metadata={
            "description": "null: no contact at the moment (the member who gave it "
            "erased their account)"
        },
    )


class SocialMapSchema(Schema):
    neighbourhood = fields.Nested(NeighbourhoodSchema, required=True)
    resources = fields.List(fields.Nested(ResourceSchema), required=True)
    organisations = fields.List(fields.Nested(OrganisationSchema), required=True)


# --- Opgaven ------------------------------------------------------------------------------


class OpgaveSummarySchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    status = fields.String(required=True, validate=_one_of(s.value for s in OpgaveStatus))
    version = fields.Integer(required=True)
    submitted_version = fields.Integer(allow_none=True)
    reactions_until = fields.Date(allow_none=True)
    based_on = fields.Integer(allow_none=True)
    url = _url(required=True)
    api_url = _url(required=True)


class OpgaveListSchema(Schema):
    neighbourhood = fields.Nested(NeighbourhoodSchema, required=True)
    opgaven = fields.List(fields.Nested(OpgaveSummarySchema), required=True)


class EvidenceItemSchema(Schema):
    contribution_id = fields.Integer(required=True)
    kind = fields.String(required=True)
    title = fields.String(required=True)
    support_count = fields.Integer(required=True)
    comment_count = fields.Integer()
    url = _url(required=True)


class ReactionCountsSchema(Schema):
    yes = fields.Integer(required=True)
    partly = fields.Integer(required=True)
    no = fields.Integer(required=True)


class DecisionSchema(Schema):
    action = fields.String(required=True, validate=_one_of(["submitted", "returned", "accepted"]))
    version = fields.Integer(allow_none=True)
    at = _time(required=True)
    reasons = fields.String(allow_none=True)


OpgaveSectionsSchema = Schema.from_dict(
    {key: fields.String(required=True) for key in SECTION_KEYS}, name="OpgaveSections"
)
assert {a.value for a in Answer} == {"yes", "partly", "no"}


class OpgaveSchema(OpgaveSummarySchema):
    neighbourhood = fields.Nested(NeighbourhoodSchema, required=True)
    saved_at = _time()
    sections = fields.Nested(OpgaveSectionsSchema, required=True)
    goals = fields.List(fields.String(validate=_one_of(GOALS)), required=True)
    focus = fields.List(fields.String(validate=_one_of(FOCUS)), required=True)
    evidence = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(EvidenceItemSchema)),
        required=True,
    )
    residents_behind = fields.Integer(
        required=True,
        metadata={
            "description": "Residents who count: authors and supporters of the evidence, each once."
        },
    )
    reactions = fields.Dict(
        keys=fields.String(),
        values=fields.Nested(ReactionCountsSchema),
        required=True,
        metadata={"description": "Answers per part, from residents who count."},
    )
    decisions = fields.List(fields.Nested(DecisionSchema), required=True)


# --- Contributions -------------------------------------------------------------------------


class ContributionSummarySchema(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True, validate=_one_of(k.value for k in ContributionKind))
    title = fields.String(required=True)
    neighbourhood = fields.String(required=True, metadata={"description": "Its slug"})
    categories = fields.List(fields.String(validate=_one_of(CATEGORIES)), required=True)
    status = fields.String(required=True, validate=_one_of(s.value for s in ContributionStatus))
    support_count = fields.Integer(required=True)
    comment_count = fields.Integer(required=True)
    created_at = _time(required=True)
    url = _url(required=True)
    api_url = _url(required=True)


class AnswerSchema(Schema):
    text = fields.String(required=True, metadata={"description": "Markdown"})
    status = fields.String(required=True, validate=_one_of(s.value for s in ContributionStatus))
    at = _time(required=True)


class ContributionSchema(ContributionSummarySchema):
    body = fields.String(required=True, metadata={"description": "Markdown"})
    place = fields.String(allow_none=True)
    latitude = fields.Float(allow_none=True)
    longitude = fields.Float(allow_none=True)
    offline_source = fields.String(
        allow_none=True, validate=_one_of(s.value for s in OfflineSource)
    )
    answer = fields.Nested(AnswerSchema, allow_none=True, required=True)


class LinksSchema(Schema):
    self = _url(required=True)
    first = _url(required=True)
    last = _url(required=True)
    next = _url(allow_none=True, required=True)
    prev = _url(allow_none=True, required=True)


class ContributionPageSchema(Schema):
    items = fields.List(fields.Nested(ContributionSummarySchema), required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    total = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    links = fields.Nested(LinksSchema, required=True)


class ContributionQuerySchema(Schema):
    """The list's query string: the filters and sorting of the pages. Anything else is a
    400."""

    class Meta:
        unknown = RAISE

    neighbourhood = fields.String(validate=validate.Regexp(SLUG_PATTERN))
    municipality = fields.String(validate=validate.Regexp(r"^GM[0-9]{4}$"))
    kind = fields.String(validate=_one_of(k.value for k in ContributionKind))
    category = fields.String(validate=_one_of(CATEGORIES))
    sort = fields.String(load_default="top", validate=_one_of(SORTS))
    q = fields.String(validate=validate.Length(max=200))
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE))


# --- Municipal figures ----------------------------------------------------------------------


class CategoryPrioritySchema(Schema):
    category = fields.String(required=True, validate=_one_of(CATEGORIES))
    label = fields.String(required=True)
    score = fields.Float(required=True, validate=validate.Range(min=0, max=1))
    supports = fields.Integer(required=True)
    contributions = fields.Integer(required=True)
    neighbourhoods = fields.Integer(required=True)


class RankedContributionSchema(Schema):
    contribution = fields.Nested(ContributionSummarySchema, required=True)
    score = fields.Float(required=True, validate=validate.Range(min=0, max=1))
    participants = fields.Integer(required=True)


class PrioritiesSchema(Schema):
    municipality = fields.Nested(MunicipalitySchema, required=True)
    method = fields.String(required=True)
    categories = fields.List(fields.Nested(CategoryPrioritySchema), required=True)
    contributions = fields.List(fields.Nested(RankedContributionSchema), required=True)


class CountsSchema(Schema):
    participants = fields.Integer(required=True)
    contributions = fields.Integer(required=True)
    supports = fields.Integer(required=True)
    comments = fields.Integer(required=True)


class PerThousandSchema(Schema):
    participants = fields.Float(required=True)
    contributions = fields.Float(required=True)
    supports = fields.Float(required=True)
    comments = fields.Float(required=True)


class NeighbourhoodParticipationSchema(Schema):
    neighbourhood = fields.String(required=True, metadata={"description": "Its slug"})
    name = fields.String(required=True)
    inhabitants = fields.Float(required=True, allow_none=True)
    profile_year = fields.Integer(required=True, allow_none=True)
    totals = fields.Nested(CountsSchema, required=True)
    per_1000_inhabitants = fields.Nested(PerThousandSchema, required=True, allow_none=True)


class WeekSchema(Schema):
    week = fields.Date(required=True, metadata={"description": "The Monday it starts"})
    counts = fields.Nested(CountsSchema, required=True)


class ParticipationSchema(Schema):
    municipality = fields.Nested(MunicipalitySchema, required=True)
    who_counts = fields.String(required=True)
    neighbourhoods = fields.List(fields.Nested(NeighbourhoodParticipationSchema), required=True)
    weeks = fields.List(fields.Nested(WeekSchema), required=True)


class ParticipationQuerySchema(Schema):
    class Meta:
        unknown = RAISE

    weeks = fields.Integer(load_default=12, validate=validate.Range(min=1, max=104))
