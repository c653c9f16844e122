"""Demo people: one account for every role, with passwords printed by `flask demo`."""

from __future__ import annotations

from wijkplatform.accounts import services
from wijkplatform.accounts.models import Role
from wijkplatform.demo import established
from wijkplatform.demo.places import MUNICIPALITY
from wijkplatform.neighbourhoods import queries

# Demo passwords are public on purpose: this data only ever runs on a trial machine.
PEOPLE = [
    {
        "label": "admin",
        "email": "beheer@lindenhoven.example",
        "display_name": "Beheer Wijkplatform",
        "password": "demo-beheer-2026",
        "role": Role.ADMIN,
    },
    {
        "label": "reviewer (gemeente)",
        "email": "gemeente@lindenhoven.example",
        "display_name": "Sanne de Vries (gemeente)",
        "password": "demo-gemeente-2026",
        "role": Role.REVIEWER,
        "municipality": MUNICIPALITY["cbs_code"],
    },
    {
        "label": "moderator (Oude Haven)",
        "email": "wijkwerker@lindenhoven.example",
        "display_name": "Karim (wijkwerker)",
        "password": "demo-wijkwerker-2026",
        "role": Role.MODERATOR,
        "neighbourhood": "oude-haven",
    },
    {
        "label": "resident (Oude Haven)",
        "email": "fatima@lindenhoven.example",
        "display_name": "Fatima",
        "password": "demo-bewoner-2026",
        "role": Role.RESIDENT,
        "neighbourhood": "oude-haven",
    },
    {
        "label": "resident (De Akkers)",
        "email": "henk@lindenhoven.example",
        "display_name": "Henk",
        "password": "demo-bewoner-2026",
        "role": Role.RESIDENT,
        "neighbourhood": "de-akkers",
    },
    {
        "label": "organisation member",
        "email": "buurthuis@lindenhoven.example",
        "display_name": "Marieke (Buurthuis De Kade)",
        "password": "demo-organisatie-2026",
        "role": Role.RESIDENT,
        "neighbourhood": "oude-haven",
    },
]


def load(report) -> None:
    for person in PEOPLE:
        user = services.find_user_by_email(person["email"])
        report.count("user", user is None)
        if user is None:
            user = services.create_user(
                email=person["email"],
                display_name=person["display_name"],
                password=person["password"],
            )
            established(user)
        scope = {}
        if "neighbourhood" in person:
            scope["neighbourhood_id"] = queries.get_neighbourhood_by_slug(
                person["neighbourhood"]
            ).id
        if "municipality" in person:
            scope["municipality_id"] = queries.get_municipality_by_code(person["municipality"]).id
        services.grant_role(user, person["role"], **scope)
        report.logins.append((person["label"], person["email"], person["password"]))
