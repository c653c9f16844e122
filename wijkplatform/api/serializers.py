"""Public data as plain JSON-ready dicts. Never personal data, never a secret figure."""

from __future__ import annotations

import json

from wijkplatform.core.urls import public_url
from wijkplatform.neighbourhoods.indicators import CATEGORY_LABELS, INDICATORS
from wijkplatform.opgaven.models import SECTION_KEYS


def municipality(m) -> dict:
    return {"name": m.name, "cbs_code": m.cbs_code}


def neighbourhood(n, *, with_boundary: bool = False) -> dict:
    data = {
        "slug": n.slug,
        "name": n.name,
        "cbs_code": n.cbs_code,
        "description": n.description,
        "municipality": municipality(n.municipality),
        "url": public_url("neighbourhoods.neighbourhood_detail", slug=n.slug),
        "profile_url": public_url("api.neighbourhood_profile", slug=n.slug),
    }
    if with_boundary:
        data["boundary"] = json.loads(n.boundary_geojson) if n.boundary_geojson else None
    return data


def profile(p) -> dict:
    """One year's figures. A secret or missing figure is given as null with its status."""
    indicators = {}
    for value in p.values:
        definition = INDICATORS.get(value.key)
        if definition is None:
            continue
        indicators[value.key] = {
            "value": value.value if value.known else None,
            "status": str(value.status),
            "unit": str(definition.unit),
            "category": str(definition.category),
            "label": str(definition.label),
            "higher_is_worse": definition.higher_is_worse,
        }
    return {
        "year": p.year,
        "region_code": p.region_code,
        "region_level": str(p.region_level),
        "region_name": p.region_name,
        "source": str(p.source),
        "indicators": indicators,
    }


def indicator_definitions() -> dict:
    return {
        key: {
            "unit": str(i.unit),
            "category": str(i.category),
            "category_label": str(CATEGORY_LABELS[i.category]),
            "label": str(i.label),
            "higher_is_worse": i.higher_is_worse,
        }
        for key, i in INDICATORS.items()
    }


def topic(row) -> dict:
    return {
        "category": row.category,
        "label": str(row.label),
        "counts": dict(row.counts),
        "support": dict(row.support),
        "gap": row.is_gap,
    }


def resource(contribution) -> dict:
    """A resource on the social map: what and where, never who posted it."""
    return {
        "id": contribution.id,
        "title": contribution.title,
        "categories": contribution.categories,
        "place": contribution.place,
        "latitude": contribution.latitude,
        "longitude": contribution.longitude,
        "support_count": contribution.support_count,
        "url": public_url("contributions.detail", contribution_id=contribution.id),
    }


def organisation(org) -> dict:
    """A verified organisation on the social map: its public details, never its members."""
    return {
        "id": org.id,
        "name": org.name,
        "kind": org.kind.value,
        "offers": org.offers,
        # Empty after the last member erased their account: "no contact", not "".
        "contact": org.contact or None,
    }


def opgave_summary(opgave) -> dict:
    return {
        "id": opgave.id,
        "title": opgave.title,
        "status": opgave.status.value,
        "version": opgave.current_version,
        "submitted_version": opgave.submitted_version,
        "reactions_until": opgave.reactions_until.isoformat() if opgave.reactions_until else None,
        "based_on": opgave.based_on_id,
        "url": public_url("opgaven.detail", opgave_id=opgave.id),
        "api_url": public_url("api.opgave_detail", opgave_id=opgave.id),
    }


def opgave(opgave, version, evidence, results, decisions) -> dict:
    """An Opgave with its latest text, the evidence per section, the reaction counts and the
    municipality's decisions. Nobody's name: who wrote it is not open data."""
    return {
        **opgave_summary(opgave),
        "neighbourhood": neighbourhood(opgave.neighbourhood),
        "saved_at": version.created_at.isoformat(),
        "sections": {key: version.text_of(key) for key in SECTION_KEYS},
        "goals": version.goal_keys,
        "focus": version.focus_keys,
        "evidence": {
            section: [
                {
                    "contribution_id": row.contribution.id,
                    "kind": row.contribution.kind.value,
                    "title": row.contribution.title,
                    "support_count": row.contribution.support_count,
                    "comment_count": row.contribution.comment_count,
                    "url": public_url("contributions.detail", contribution_id=row.contribution.id),
                }
                for row in rows
                if not row.contribution.hidden
            ]
            for section, rows in evidence.by_section.items()
        },
        "residents_behind": evidence.residents_behind,
        "reactions": {result.section: result.counts for result in results},
        "decisions": [
            {
                "action": event.action.value,
                "version": event.version_number,
                "at": event.created_at.isoformat(),
                "reasons": event.detail,
            }
            for event in decisions
        ],
    }
