"""Demo places: the fictional municipality of Lindenhoven and four neighbourhoods."""

from __future__ import annotations

from wijkplatform.neighbourhoods import queries, services

# GM99xx codes are not used by CBS, so the demo can never be mistaken for real figures.
MUNICIPALITY = {"name": "Lindenhoven", "cbs_code": "GM9901"}

NEIGHBOURHOODS = [
    {
        "name": "Oude Haven",
        "slug": "oude-haven",
        "cbs_code": "WK990101",
        "description": (
            "Oude wijk rond de haven met smalle straten, veel kleine huurwoningen en een "
            "grote groep oudere bewoners. Er is een buurthuis en een actieve moskee."
        ),
    },
    {
        "name": "De Akkers",
        "slug": "de-akkers",
        "cbs_code": "WK990102",
        "description": (
            "Gezinswijk uit de jaren zeventig met rijtjeshuizen, twee basisscholen en veel "
            "groen. Jonge gezinnen en ouderen die hier al veertig jaar wonen."
        ),
    },
    {
        "name": "Stationskwartier",
        "slug": "stationskwartier",
        "cbs_code": "WK990103",
        "description": (
            "Nieuwe appartementen naast oudere flats bij het station. Veel alleenstaanden "
            "en mensen die kort in de wijk wonen."
        ),
    },
    {
        "name": "Molenwijk",
        "slug": "molenwijk",
        "cbs_code": "WK990104",
        "description": (
            "Naoorlogse wijk met portiekflats die worden vernieuwd. Veel verschillende "
            "culturen, een leeg schoolgebouw en een sterke sportvereniging."
        ),
    },
]


def load(report) -> None:
    municipality = queries.get_municipality_by_code(MUNICIPALITY["cbs_code"])
    report.count("municipality", municipality is None)
    if municipality is None:
        municipality = services.create_municipality(**MUNICIPALITY)
    for data in NEIGHBOURHOODS:
        existing = queries.get_neighbourhood_by_slug(data["slug"])
        report.count("neighbourhood", existing is None)
        if existing is None:
            services.create_neighbourhood(municipality=municipality, **data)
