"""Demo area profiles: two years of invented CBS-style figures for Lindenhoven, so the
neighbourhood pages show key figures, the municipal figure beside them and a trend."""

from __future__ import annotations

from pathlib import Path

from flask_babel import force_locale
from sqlalchemy import select

from wijkplatform.demo.places import MUNICIPALITY
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods import profiles
from wijkplatform.neighbourhoods.models import AreaProfile

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
FILES = {2022: "kwb-2022-lindenhoven-demo.csv", 2023: "kwb-2023-lindenhoven-demo.csv"}


class DemoDataError(RuntimeError):
    pass


def load(report) -> None:
    for year, name in FILES.items():
        exists = db.session.scalar(
            select(AreaProfile.id).where(
                AreaProfile.year == year, AreaProfile.region_code == MUNICIPALITY["cbs_code"]
            )
        )
        report.count("profile year", exists is None)
        if exists is not None:
            continue
        result = profiles.import_profiles(
            (DATA_DIR / name).read_bytes(), filename=name, year=year, level="wijk"
        )
        if not result.ok:  # the shipped file is wrong: say so instead of half-loading
            with force_locale("en"):
                raise DemoDataError(f"{name}: " + " / ".join(result.summary_lines()))
