"""The profile on the neighbourhood page, the admin import page, the command and the demo."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask_babel import refresh
from sqlalchemy import func, select

from tests.factories import admin, resident
from tests.neighbourhoods.cbs_fixtures import (
    BAARN_GEOJSON,
    KWB_CSV,
    STATLINE_CSV,
    kwb_bytes,
    replace_cell,
)
from wijkplatform.extensions import db
from wijkplatform.neighbourhoods.models import AreaProfile, Neighbourhood
from wijkplatform.neighbourhoods.profiles import import_profiles


def load(data: bytes, year: int, **options) -> None:
    report = import_profiles(data, filename=f"kwb-{year}.csv", year=year, **options)
    assert report.ok
    db.session.commit()


def page_text(client, slug: str) -> str:
    html = client.get(f"/neighbourhoods/{slug}/").get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def testdorp_with_figures(app):
    load(kwb_bytes(), 2023, create_missing=True, level="wijk")
    return db.session.scalar(select(Neighbourhood).where(Neighbourhood.cbs_code == "WK880101"))


def test_page_shows_key_figures_with_municipal_figure_source_and_year(
    client, testdorp_with_figures
):
    text = page_text(client, "dorpskern")
    assert "De wijk in cijfers" in text
    assert "Bron: CBS, Kerncijfers wijken en buurten (downloadtabel), 2023." in text
    # Households around the social minimum: 20,4% here, 10% in the municipality.
    assert "Huishoudens rond het sociaal minimum 20,4% 10%" in text
    assert "Inwoners 4.000 10.000" in text


def test_page_puts_a_clear_difference_into_words(client, testdorp_with_figures):
    text = page_text(client, "dorpskern")
    assert (
        "Let op: Huishoudens rond het sociaal minimum: 20,4% hier, ongeveer twee keer "
        "zo veel als in Testdorp (10%)." in text
    )


def test_page_in_english(client, testdorp_with_figures):
    client.post("/account/language", data={"locale": "en", "next": "/neighbourhoods/dorpskern/"})
    refresh()  # the test's app context outlives requests; forget the cached language
    text = page_text(client, "dorpskern")
    assert "Households around the social minimum: 20.4% here, about twice the figure" in text


def test_bars_use_classes_not_inline_styles(client, testdorp_with_figures):
    html = client.get("/neighbourhoods/dorpskern/").get_data(as_text=True)
    assert "profile-bar__fill--w20" in html  # 20.4% rounds to the 20% step
    assert "style=" not in html
    assert 'class="profile-bar" aria-hidden="true"' in html


def test_page_shows_trend_from_the_year_before(client, testdorp_with_figures):
    older = replace_cell(KWB_CSV, "WK880101", "p_hh_osm", "18,2")
    load(kwb_bytes(older), 2022, level="wijk")
    text = page_text(client, "dorpskern")
    assert "Cijfers over de jaren 2022, 2023." in text
    assert "gestegen van 18,2% in 2022" in text


def test_secret_and_sentinel_values_are_never_shown(client, app):
    load(BAARN_GEOJSON.read_bytes(), 2024, create_missing=True, level="buurt")
    html = client.get("/neighbourhoods/amerpoort-sherpa/").get_data(as_text=True)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert "Huishoudens met kinderen niet gepubliceerd door het CBS" in text
    assert "9999" not in html
    assert "Bron: CBS/Kadaster via PDOK, Wijken en buurten, 2024." in text
    # Figures the 2024 file does not have yet (-99995) are left out, not shown as blanks.
    assert "sociaal minimum" not in text


def test_kwb_secret_marker_is_shown_as_not_published(client, testdorp_with_figures):
    text = page_text(client, "dorpskern")
    assert "Jongeren met jeugdzorg niet gepubliceerd door het CBS" in text


def test_neighbourhood_without_figures_says_so(client, app):
    from tests.factories import NeighbourhoodFactory

    NeighbourhoodFactory(slug="zonder-cijfers", cbs_code="WK123456")
    db.session.commit()
    assert "Er zijn nog geen cijfers over deze wijk." in page_text(client, "zonder-cijfers")


def test_page_runs_a_fixed_number_of_queries_whatever_the_number_of_years(
    client, count_queries, testdorp_with_figures
):
    with count_queries() as one_year:
        assert client.get("/neighbourhoods/dorpskern/").status_code == 200
    load(kwb_bytes(), 2021, level="wijk")
    load(kwb_bytes(), 2022, level="wijk")
    with count_queries() as three_years:
        assert client.get("/neighbourhoods/dorpskern/").status_code == 200
    # neighbourhood, profiles, their values; then its Opgaven, what residents raise, and the
    # social map (resources, verified organisations); whether a team design is published;
    # the contributions with a place for the map.
    assert len(one_year) == len(three_years) == 9, three_years


# --- Admin import page ----------------------------------------------------------------------


def upload(client, data: bytes, name="kwb-2023.csv", **fields):
    form = {"file": (io.BytesIO(data), name), "year": "2023", "level": "wijk", **fields}
    return client.post("/admin/profiles/", data=form, content_type="multipart/form-data")


def test_import_page_is_for_admins_only(client, app, login):
    response = client.get("/admin/profiles/")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    from tests.factories import NeighbourhoodFactory

    login(resident(NeighbourhoodFactory()))
    assert client.get("/admin/profiles/").status_code == 403
    assert upload(client, kwb_bytes(), create_missing="y").status_code == 403
    assert db.session.scalar(select(func.count(AreaProfile.id))) == 0


def test_admin_uploads_a_file_and_sees_the_report(client, app, login):
    login(admin())
    page = client.get("/admin/profiles/").get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page
    assert "Maak de gemeente en wijken uit het bestand aan" in page
    response = upload(client, kwb_bytes(), create_missing="y")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "De cijfers zijn ingelezen" in html
    assert "WK880101" in html and "nieuwe wijk" in html
    assert db.session.scalar(select(func.count(AreaProfile.id))) == 3
    assert db.session.scalar(select(AreaProfile.imported_by_id).limit(1)) is not None


def test_admin_upload_of_a_bad_file_shows_why_and_changes_nothing(client, app, login):
    login(admin())
    response = upload(client, b"regio;a_inw\nDorpskern;4000\n", create_missing="y")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Er is niets ingelezen" in html
    assert "kolom met gebiedscodes" in html
    assert db.session.scalar(select(func.count(AreaProfile.id))) == 0


def test_admin_upload_without_file_or_with_a_bad_year_keeps_the_form(client, app, login):
    login(admin())
    response = client.post("/admin/profiles/", data={"year": "twintig"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "Kies een bestand." in html
    assert "Vul een jaar in, zoals 2024." in html
    assert 'value="twintig"' in html


# --- Command line and demo ------------------------------------------------------------------


def test_command_imports_a_file_and_prints_a_summary(app, tmp_path):
    path = tmp_path / "85984NED.csv"
    path.write_bytes(STATLINE_CSV.encode())
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["profiles", "import", str(path), "--year", "2023", "--create-missing"]
    )
    assert result.exit_code == 0, result.output
    assert "Year 2023: imported 3 regions, skipped 0." in result.output
    assert "New municipalities: 1. New neighbourhoods: 2." in result.output


def test_command_with_a_bad_file_exits_with_an_error_and_changes_nothing(app, tmp_path):
    path = tmp_path / "kapot.csv"
    path.write_bytes(b"\x81\x8d\x00")
    result = app.test_cli_runner().invoke(args=["profiles", "import", str(path), "--year", "2023"])
    assert result.exit_code == 1
    assert "Nothing was imported" in result.output
    assert "could not be read as text" in result.output
    assert db.session.scalar(select(func.count(AreaProfile.id))) == 0


def test_demo_loads_two_years_of_profiles_once(app, client):
    from wijkplatform.demo import load_demo

    load_demo(echo=lambda line: None)
    db.session.commit()
    load_demo(echo=lambda line: None)
    db.session.commit()
    years = db.session.scalars(
        select(AreaProfile.year).where(AreaProfile.region_code == "WK990101").order_by("year")
    ).all()
    assert years == [2022, 2023]
    text = page_text(client, "oude-haven")
    assert "ongeveer twee keer zo veel als in Lindenhoven" in text
    assert "alleenstaande ouder" not in text.lower()


def test_a_clearly_lower_figure_is_named_as_a_strength(client, testdorp_with_figures):
    # Zuidwesthoek ("Súdwesthoek" in the file): 3,1% around the social minimum, 10% in Testdorp.
    text = page_text(client, "sudwesthoek")
    assert (
        "Sterk punt: Huishoudens rond het sociaal minimum: 3,1% hier, minder dan de helft "
        "van Testdorp (10%)." in text
    )


def test_a_file_with_only_municipal_figures_is_accepted(app):
    from tests.factories import MunicipalityFactory

    MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
    db.session.commit()
    only_municipality = "\n".join(KWB_CSV.splitlines()[:3]) + "\n"
    load(kwb_bytes(only_municipality), 2023)
    codes = db.session.scalars(select(AreaProfile.region_code)).all()
    assert codes == ["GM8801"]


TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "neighbourhoods"


def test_profile_templates_have_no_style_attributes():
    for path in TEMPLATES.glob("*.html"):
        assert not re.search(r"\sstyle\s*=", path.read_text(encoding="utf-8")), path.name


def test_many_skipped_regions_are_counted_by_reason_not_listed(client, app, login):
    from tests.factories import MunicipalityFactory, NeighbourhoodFactory

    testdorp = MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
    for code in ("WK880101", "WK880102"):
        NeighbourhoodFactory(municipality=testdorp, cbs_code=code)
    login(admin())
    others = "".join(
        f"WK77{n:04d};77{n:04d};Elders {n};Ergens;Wijk;WK77{n:04d};1;100;50;50;"
        "10;10;50;20;2,0;5,0;1;50;5,0;200;1\n"
        for n in range(60)
    )
    response = upload(client, kwb_bytes(KWB_CSV + others), level="")
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html
    assert "60 gebieden: gemeente staat niet op het platform" in html
    assert "WK770001" not in html
    assert "WK880101" in html


def test_command_imports_the_baarn_geojson_as_buurten(app):
    runner = app.test_cli_runner()
    args = ["profiles", "import", str(BAARN_GEOJSON), "--year", "2024"]
    result = runner.invoke(args=[*args, "--create-missing", "--level", "buurt"])
    assert result.exit_code == 0, result.output
    assert "Read 21 regions" in result.output
    assert "Year 2024: imported 21 regions, skipped 0." in result.output
    assert "New municipalities: 1. New neighbourhoods: 21." in result.output
    with_boundary = select(func.count(Neighbourhood.id)).where(
        Neighbourhood.boundary_geojson.is_not(None)
    )
    assert db.session.scalar(with_boundary) == 21
    again = runner.invoke(args=args)
    assert again.exit_code == 0, again.output
    assert "Replaced profiles of the same year: 21." in again.output
