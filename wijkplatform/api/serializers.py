"""Public data as plain dicts, dumped through the schemas of schemas.py (which write the
dates and times). Never personal data, never a secret figure."""

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
        "reactions_until": opgave.reactions_until,
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
        "saved_at": version.created_at,
        "sections": {key: version.text_of(key) for key in SECTION_KEYS},
        "goals": version.goal_keys,
        "focus": version.focus_keys,
        "evidence": {
            section: [
                {
                    "contribution_id": row.contribution_id,
                    "kind": row.kind.value,
                    "title": row.title,
                    "support_count": row.support_count,
                    "comment_count": row.comment_count,
                    "url": public_url("contributions.detail", contribution_id=row.contribution_id),
                }
                for row in rows
                if is_public_contribution(row)
            ]
            for section, rows in evidence.by_section.items()
        },
        "residents_behind": evidence.residents_behind,
        "reactions": {result.section: result.counts for result in results},
        "decisions": [
            {
                "action": event.action.value,
                "version": event.version_number,
                "at": event.created_at,
                "reasons": event.detail,
            }
            for event in decisions
        ],
    }


# --- Contributions and the municipality's figures ------------------------------------------


def is_public_contribution(contribution) -> bool:
    """Shown on the public pages: not hidden and not merged away."""
    return not contribution.hidden and contribution.status != "merged"


def contribution_summary(c) -> dict:
    """What anyone sees in a list: never who wrote it."""
    return {
        "id": c.id,
        "kind": c.kind.value,
        "title": c.title,
        "neighbourhood": c.neighbourhood.slug,
        "categories": c.categories,
        "status": c.status.value,
        "support_count": c.support_count,
        "comment_count": c.comment_count,
        "created_at": c.created_at,
        "url": public_url("contributions.detail", contribution_id=c.id),
        "api_url": public_url("api.contribution_detail", contribution_id=c.id),
    }


def contribution(c, answer=None) -> dict:
    return {
        **contribution_summary(c),
        "body": c.body,
        "place": c.place,
        "latitude": c.latitude,
        "longitude": c.longitude,
        "offline_source": c.offline_source.value if c.offline_source else None,
        "answer": {"text": answer.body, "status": answer.status.value, "at": answer.created_at}
        if answer is not None
        else None,
    }


PRIORITY_METHOD = (
    "Lower bound of the 95% Wilson score interval. Subjects: per neighbourhood the share of "
    "its supports that went to contributions about the subject, averaged over the "
    "neighbourhoods with supports (every neighbourhood weighs the same). Contributions: "
    "supports as a share of the residents who took part in the neighbourhood since the week "
    "the contribution was written."
)


def priorities(municipality_row, categories, ranked) -> dict:
    from wijkplatform.contributions.models import CATEGORIES

    return {
        "municipality": municipality(municipality_row),
        "method": PRIORITY_METHOD,
        "categories": [
            {
                "category": p.category,
                "label": str(CATEGORIES[p.category]),
                "score": round(p.score, 4),
                "supports": p.supports,
                "contributions": p.contributions,
                "neighbourhoods": p.neighbourhoods,
            }
            for p in categories
        ],
        "contributions": [
            {
                "contribution": contribution_summary(r.contribution),
                "score": round(r.score, 4),
                "participants": r.participants,
            }
            for r in ranked
        ],
    }


def participation(municipality_row, figures, weeks) -> dict:
    from wijkplatform.accounts.permissions import min_account_age_days

    counters = ("participants", "contributions", "supports", "comments")
    return {
        "municipality": municipality(municipality_row),
        "who_counts": (
            "participants: residents of the neighbourhood with a confirmed e-mail address and "
            f"an account at least {min_account_age_days()} days old who wrote, supported or "
            "reacted; each person once per week (and once in the totals)"
        ),
        "neighbourhoods": [
            {
                "neighbourhood": f.neighbourhood.slug,
                "name": f.neighbourhood.name,
                "inhabitants": f.inhabitants,
                "profile_year": f.profile_year,
                "totals": dict(f.counts),
                "per_1000_inhabitants": {c: round(f.per_1000(c), 3) for c in counters}
                if f.inhabitants
                else None,
            }
            for f in figures
        ],
        "weeks": [{"week": w.start, "counts": dict(w.counts)} for w in weeks],
    }
