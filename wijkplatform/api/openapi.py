"""The OpenAPI 3.1 document of the read-only API."""

from __future__ import annotations

from wijkplatform.accounts.permissions import min_account_age_days
from wijkplatform.core.urls import public_url
from wijkplatform.opgaven.models import FOCUS, GOALS, SECTION_KEYS, OpgaveStatus


def _json(schema_ref: str, description: str) -> dict:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema_ref}"}}},
    }


_NOT_FOUND = {
    "description": "No neighbourhood with this slug",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
_SLUG = {
    "name": "slug",
    "in": "path",
    "required": True,
    "schema": {"type": "string", "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$"},
}


def document() -> dict:
    nullable_number = {"type": ["number", "null"]}
    who_counts = (
        "Counts only residents of the neighbourhood with a confirmed e-mail address and an "
        f"account at least {min_account_age_days()} days old; anyone may support, but others "
        "are not counted here."
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Wijkplatform API",
            "version": "1.0.0",
            "description": (
                "Read-only public data of Wijkplatform: municipalities, neighbourhoods and "
                "their area profiles (CBS Kerncijfers wijken en buurten, CC BY 4.0). Figures "
                "that CBS marks secret are never given: their value is null with status "
                "'secret'."
            ),
            "license": {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
        },
        "servers": [{"url": public_url("api.index").rstrip("/")}],
        "paths": {
            "/municipalities": {
                "get": {
                    "summary": "All municipalities",
                    "operationId": "listMunicipalities",
                    "responses": {"200": _json("MunicipalityList", "Municipalities")},
                }
            },
            "/neighbourhoods": {
                "get": {
                    "summary": "All neighbourhoods",
                    "operationId": "listNeighbourhoods",
                    "responses": {"200": _json("NeighbourhoodList", "Neighbourhoods")},
                }
            },
            "/neighbourhoods/{slug}": {
                "get": {
                    "summary": "One neighbourhood, with its boundary (GeoJSON geometry)",
                    "operationId": "getNeighbourhood",
                    "parameters": [_SLUG],
                    "responses": {
                        "200": _json("NeighbourhoodDetail", "The neighbourhood"),
                        "404": _NOT_FOUND,
                    },
                }
            },
            "/neighbourhoods/{slug}/profile": {
                "get": {
                    "summary": "Area profile: every year's figures for the neighbourhood and "
                    "its municipality",
                    "operationId": "getNeighbourhoodProfile",
                    "parameters": [_SLUG],
                    "responses": {"200": _json("AreaProfile", "Area profile"), "404": _NOT_FOUND},
                }
            },
            "/neighbourhoods/{slug}/raised-topics": {
                "get": {
                    "summary": "What residents raise: per subject the number of issues, "
                    "resources and potentials and their support",
                    "operationId": "getRaisedTopics",
                    "parameters": [_SLUG],
                    "responses": {"200": _json("RaisedTopics", "Topics"), "404": _NOT_FOUND},
                }
            },
            "/neighbourhoods/{slug}/social-map": {
                "get": {
                    "summary": "Social map: the resources named in the neighbourhood",
                    "operationId": "getSocialMap",
                    "parameters": [_SLUG],
                    "responses": {"200": _json("SocialMap", "Resources"), "404": _NOT_FOUND},
                }
            },
            "/neighbourhoods/{slug}/opgaven": {
                "get": {
                    "summary": "The neighbourhood's Opgaven (tasks for the social neighbourhood "
                    "team) that residents or the municipality can see",
                    "operationId": "listOpgaven",
                    "parameters": [_SLUG],
                    "responses": {"200": _json("OpgaveList", "Opgaven"), "404": _NOT_FOUND},
                }
            },
            "/opgaven/{id}": {
                "get": {
                    "summary": "One Opgave: its latest text per part of building block 1, the "
                    "contributions that are its evidence, the reaction counts and the "
                    "municipality's decisions",
                    "operationId": "getOpgave",
                    "parameters": [
                        {
                            "name": "id",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "integer", "minimum": 1},
                        },
                    ],
                    "responses": {
                        "200": _json("Opgave", "Opgave"),
                        "404": {
                            "description": "No published Opgave with this id",
                            "content": {
                                "application/json": {
                                    "schema": {"$ref": "#/components/schemas/Error"}
                                }
                            },
                        },
                    },
                }
            },
            "/indicators": {
                "get": {
                    "summary": "Definitions of the indicator keys",
                    "operationId": "listIndicators",
                    "responses": {"200": _json("IndicatorDefinitions", "Indicator keys")},
                }
            },
        },
        "components": {
            "schemas": {
                "Error": {
                    "type": "object",
                    "required": ["error"],
                    "properties": {"error": {"type": "string"}},
                },
                "Municipality": {
                    "type": "object",
                    "required": ["name", "cbs_code"],
                    "properties": {"name": {"type": "string"}, "cbs_code": {"type": "string"}},
                },
                "MunicipalityList": {
                    "type": "object",
                    "required": ["municipalities"],
                    "properties": {
                        "municipalities": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Municipality"},
                        }
                    },
                },
                "Neighbourhood": {
                    "type": "object",
                    "required": ["slug", "name", "municipality", "url"],
                    "properties": {
                        "slug": {"type": "string"},
                        "name": {"type": "string"},
                        "cbs_code": {"type": ["string", "null"]},
                        "description": {"type": "string"},
                        "municipality": {"$ref": "#/components/schemas/Municipality"},
                        "url": {"type": "string", "format": "uri"},
                        "profile_url": {"type": "string", "format": "uri"},
                    },
                },
                "NeighbourhoodDetail": {
                    "allOf": [
                        {"$ref": "#/components/schemas/Neighbourhood"},
                        {
                            "type": "object",
                            "properties": {"boundary": {"type": ["object", "null"]}},
                        },
                    ]
                },
                "NeighbourhoodList": {
                    "type": "object",
                    "required": ["neighbourhoods"],
                    "properties": {
                        "neighbourhoods": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/Neighbourhood"},
                        }
                    },
                },
                "Figure": {
                    "type": "object",
                    "required": ["value", "status", "unit"],
                    "properties": {
                        "value": nullable_number,
                        "status": {"type": "string", "enum": ["ok", "secret", "missing"]},
                        "unit": {"type": "string"},
                        "category": {"type": "string"},
                        "label": {"type": "string"},
                        "higher_is_worse": {"type": ["boolean", "null"]},
                    },
                },
                "YearProfile": {
                    "type": "object",
                    "required": ["year", "region_code", "source", "indicators"],
                    "properties": {
                        "year": {"type": "integer"},
                        "region_code": {"type": "string"},
                        "region_level": {"type": "string"},
                        "region_name": {"type": "string"},
                        "source": {"type": "string"},
                        "indicators": {
                            "type": "object",
                            "additionalProperties": {"$ref": "#/components/schemas/Figure"},
                        },
                    },
                },
                "AreaProfile": {
                    "type": "object",
                    "required": ["neighbourhood", "years", "municipality_years", "attribution"],
                    "properties": {
                        "neighbourhood": {"$ref": "#/components/schemas/Neighbourhood"},
                        "attribution": {"type": "string"},
                        "years": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/YearProfile"},
                        },
                        "municipality_years": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/YearProfile"},
                        },
                    },
                },
                "KindCounts": {
                    "type": "object",
                    "required": ["issue", "resource", "potential"],
                    "properties": {
                        k: {"type": "integer"} for k in ("issue", "resource", "potential")
                    },
                },
                "RaisedTopics": {
                    "type": "object",
                    "required": ["neighbourhood", "topics"],
                    "properties": {
                        "neighbourhood": {"$ref": "#/components/schemas/Neighbourhood"},
                        "topics": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["category", "label", "counts", "support", "gap"],
                                "properties": {
                                    "category": {"type": "string"},
                                    "label": {"type": "string"},
                                    "counts": {"$ref": "#/components/schemas/KindCounts"},
                                    "support": {
                                        "$ref": "#/components/schemas/KindCounts",
                                        "description": "Supports per kind from residents who"
                                        " count: " + who_counts,
                                    },
                                    "gap": {"type": "boolean"},
                                },
                            },
                        },
                    },
                },
                "SocialMap": {
                    "type": "object",
                    "required": ["neighbourhood", "resources", "organisations"],
                    "properties": {
                        "neighbourhood": {"$ref": "#/components/schemas/Neighbourhood"},
                        "resources": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "title", "categories", "support_count", "url"],
                                "properties": {
                                    "id": {"type": "integer"},
                                    "title": {"type": "string"},
                                    "categories": {"type": "array", "items": {"type": "string"}},
                                    "place": {"type": ["string", "null"]},
                                    "latitude": nullable_number,
                                    "longitude": nullable_number,
                                    "support_count": {"type": "integer"},
                                    "url": {"type": "string", "format": "uri"},
                                },
                            },
                        },
                        "organisations": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["id", "name", "kind"],
                                "properties": {
                                    "id": {"type": "integer"},
                                    "name": {"type": "string"},
                                    "kind": {"type": "string"},
                                    "offers": {"type": "string"},
                                    "contact": {
                                        "type": ["string", "null"],
                                        "description": "null: no contact at the moment "
                                        "(the member who gave it erased their account)",
                                    },
                                },
                            },
                        },
                    },
                },
                "OpgaveSummary": {
                    "type": "object",
                    "required": ["id", "title", "status", "version", "url", "api_url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "status": {"type": "string", "enum": [s.value for s in OpgaveStatus]},
                        "version": {"type": "integer"},
                        "submitted_version": {"type": ["integer", "null"]},
                        "reactions_until": {"type": ["string", "null"], "format": "date"},
                        "based_on": {"type": ["integer", "null"]},
                        "url": {"type": "string", "format": "uri"},
                        "api_url": {"type": "string", "format": "uri"},
                    },
                },
                "OpgaveList": {
                    "type": "object",
                    "required": ["neighbourhood", "opgaven"],
                    "properties": {
                        "neighbourhood": {"$ref": "#/components/schemas/Neighbourhood"},
                        "opgaven": {
                            "type": "array",
                            "items": {"$ref": "#/components/schemas/OpgaveSummary"},
                        },
                    },
                },
                "Opgave": {
                    "allOf": [
                        {"$ref": "#/components/schemas/OpgaveSummary"},
                        {
                            "type": "object",
                            "required": [
                                "neighbourhood",
                                "sections",
                                "goals",
                                "focus",
                                "evidence",
                                "residents_behind",
                                "reactions",
                                "decisions",
                            ],
                            "properties": {
                                "neighbourhood": {"$ref": "#/components/schemas/Neighbourhood"},
                                "saved_at": {"type": "string", "format": "date-time"},
                                "sections": {
                                    "type": "object",
                                    "required": list(SECTION_KEYS),
                                    "additionalProperties": {"type": "string"},
                                },
                                "goals": {"type": "array", "items": {"enum": list(GOALS)}},
                                "focus": {"type": "array", "items": {"enum": list(FOCUS)}},
                                "evidence": {
                                    "type": "object",
                                    "additionalProperties": {
                                        "type": "array",
                                        "items": {
                                            "type": "object",
                                            "required": [
                                                "contribution_id",
                                                "kind",
                                                "title",
                                                "support_count",
                                                "url",
                                            ],
                                            "properties": {
                                                "contribution_id": {"type": "integer"},
                                                "kind": {"type": "string"},
                                                "title": {"type": "string"},
                                                "support_count": {"type": "integer"},
                                                "comment_count": {"type": "integer"},
                                                "url": {"type": "string", "format": "uri"},
                                            },
                                        },
                                    },
                                },
                                "residents_behind": {
                                    "type": "integer",
                                    "description": who_counts
                                    + " Authors and supporters of the evidence, each once.",
                                },
                                "reactions": {
                                    "type": "object",
                                    "description": "Answers per part, from residents who count"
                                    " (see residents_behind).",
                                    "additionalProperties": {
                                        "type": "object",
                                        "required": ["yes", "partly", "no"],
                                        "additionalProperties": {"type": "integer"},
                                    },
                                },
                                "decisions": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "required": ["action", "at"],
                                        "properties": {
                                            "action": {
                                                "enum": ["submitted", "returned", "accepted"]
                                            },
                                            "version": {"type": ["integer", "null"]},
                                            "at": {"type": "string", "format": "date-time"},
                                            "reasons": {"type": ["string", "null"]},
                                        },
                                    },
                                },
                            },
                        },
                    ],
                },
                "IndicatorDefinitions": {
                    "type": "object",
                    "additionalProperties": {"type": "object"},
                },
            }
        },
    }
