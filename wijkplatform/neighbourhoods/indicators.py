"""The project's own indicator keys for area profiles, and how each CBS source maps onto them.

CBS publishes "Kerncijfers wijken en buurten" in three forms, each with its own column names:

- the yearly download table kwb-YYYY (CSV or xlsx) with short codes such as ``a_inw``;
- a StatLine export with long names and a numeric suffix that changes every year,
  such as ``AantalInwoners_5`` or ``WmoClienten_98``;
- the PDOK "wijken en buurten" GeoJSON with snake_case names such as ``aantal_inwoners``.

The rest of the platform only knows the keys below. A column is matched on its name, and
otherwise on its name without the numeric suffix (case-insensitive), so next year's file works
without a code change. Pure calculation: no database, no request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Unit(StrEnum):
    COUNT = "count"  # people, households
    PERCENT = "percent"  # 0 to 100
    PER_1000 = "per_1000"  # per 1,000 inhabitants
    DECIMAL = "decimal"  # e.g. average household size
    THOUSAND_EURO = "thousand_euro"  # CBS gives incomes and home values in € 1,000
    KM = "km"
    PER_KM2 = "per_km2"


class Category(StrEnum):
    POPULATION = "population"
    HOUSEHOLDS = "households"
    INCOME = "income"
    WORK_AND_BENEFITS = "work_and_benefits"
    CARE = "care"
    HOUSING = "housing"
    FACILITIES = "facilities"


CATEGORY_LABELS = {
    Category.POPULATION: _l("Population"),
    Category.HOUSEHOLDS: _l("Households"),
    Category.INCOME: _l("Income"),
    Category.WORK_AND_BENEFITS: _l("Work and benefits"),
    Category.CARE: _l("Care and support"),
    Category.HOUSING: _l("Housing"),
    Category.FACILITIES: _l("Facilities nearby"),
}


@dataclass(frozen=True)
class Indicator:
    key: str
    unit: Unit
    category: Category
    label: object  # lazy string
    # True: a higher figure points to a problem (more households on a low income);
    # False: a higher figure is good; None: neither (age groups, household size).
    higher_is_worse: bool | None = None
    # Shown with the municipality's figure in the key-figures table.
    key_figure: bool = True


INDICATORS: dict[str, Indicator] = {
    i.key: i
    for i in [
        Indicator("inhabitants", Unit.COUNT, Category.POPULATION, _l("Inhabitants")),
        Indicator("age_0_14_pct", Unit.PERCENT, Category.POPULATION, _l("Children up to 15")),
        Indicator("age_15_24_pct", Unit.PERCENT, Category.POPULATION, _l("Young people 15 to 25")),
        Indicator("age_25_44_pct", Unit.PERCENT, Category.POPULATION, _l("People 25 to 45")),
        Indicator("age_45_64_pct", Unit.PERCENT, Category.POPULATION, _l("People 45 to 65")),
        Indicator("age_65_plus_pct", Unit.PERCENT, Category.POPULATION, _l("People 65 and older")),
        Indicator(
            "population_density",
            Unit.PER_KM2,
            Category.POPULATION,
            _l("Inhabitants per km²"),
            key_figure=False,
        ),
        Indicator("households", Unit.COUNT, Category.HOUSEHOLDS, _l("Households")),
        Indicator(
            "one_person_households_pct",
            Unit.PERCENT,
            Category.HOUSEHOLDS,
            _l("One-person households"),
        ),
        Indicator(
            "households_with_children_pct",
            Unit.PERCENT,
            Category.HOUSEHOLDS,
            _l("Households with children"),
        ),
        Indicator(
            "household_size", Unit.DECIMAL, Category.HOUSEHOLDS, _l("Average household size")
        ),
        Indicator(
            "income_per_inhabitant",
            Unit.THOUSAND_EURO,
            Category.INCOME,
            _l("Average income per inhabitant"),
            higher_is_worse=False,
        ),
        Indicator(
            "low_income_households_pct",
            Unit.PERCENT,
            Category.INCOME,
            _l("Households with a low income"),
            higher_is_worse=True,
        ),
        Indicator(
            "social_minimum_households_pct",
            Unit.PERCENT,
            Category.INCOME,
            _l("Households around the social minimum"),
            higher_is_worse=True,
        ),
        Indicator(
            "labour_participation_pct",
            Unit.PERCENT,
            Category.WORK_AND_BENEFITS,
            _l("People 15 to 75 with paid work"),
            higher_is_worse=False,
        ),
        Indicator(
            "social_assistance_per_1000",
            Unit.PER_1000,
            Category.WORK_AND_BENEFITS,
            _l("People on social assistance (bijstand)"),
            higher_is_worse=True,
        ),
        Indicator(
            "disability_benefit_per_1000",
            Unit.PER_1000,
            Category.WORK_AND_BENEFITS,
            _l("People on a disability benefit"),
            higher_is_worse=True,
        ),
        Indicator(
            "unemployment_benefit_per_1000",
            Unit.PER_1000,
            Category.WORK_AND_BENEFITS,
            _l("People on an unemployment benefit"),
            higher_is_worse=True,
        ),
        Indicator(
            "youth_care_pct",
            Unit.PERCENT,
            Category.CARE,
            _l("Young people with youth care"),
            higher_is_worse=True,
        ),
        Indicator(
            "wmo_clients_per_1000",
            Unit.PER_1000,
            Category.CARE,
            _l("People with Wmo support"),
            higher_is_worse=True,
        ),
        Indicator(
            "rental_homes_pct", Unit.PERCENT, Category.HOUSING, _l("Rented homes"), key_figure=True
        ),
        Indicator(
            "social_housing_pct",
            Unit.PERCENT,
            Category.HOUSING,
            _l("Homes of housing associations"),
        ),
        Indicator(
            "average_home_value",
            Unit.THOUSAND_EURO,
            Category.HOUSING,
            _l("Average home value (WOZ)"),
            key_figure=False,
        ),
        Indicator(
            "distance_to_gp",
            Unit.KM,
            Category.FACILITIES,
            _l("Distance to a GP practice"),
            higher_is_worse=True,
            key_figure=False,
        ),
    ]
}


# --- How source columns become indicator values -------------------------------------------


class Scale(StrEnum):
    """How a source figure becomes the indicator's unit."""

    AS_IS = "as_is"
    SHARE_OF_INHABITANTS = "share_of_inhabitants"  # count → % of inhabitants
    SHARE_OF_HOUSEHOLDS = "share_of_households"  # count → % of households
    PER_1000_INHABITANTS = "per_1000_inhabitants"  # count → per 1,000 inhabitants


@dataclass(frozen=True)
class Column:
    key: str
    scale: Scale = Scale.AS_IS


A = Scale.AS_IS
INH = Scale.SHARE_OF_INHABITANTS
HH = Scale.SHARE_OF_HOUSEHOLDS
K = Scale.PER_1000_INHABITANTS


def _columns(pairs: dict[str, tuple[str, Scale]]) -> dict[str, Column]:
    return {name.lower(): Column(key, scale) for name, (key, scale) in pairs.items()}


class Source(StrEnum):
    KWB = "kwb"
    STATLINE = "statline"
    PDOK = "pdok"


SOURCE_LABELS = {
    Source.KWB: _l("CBS, Kerncijfers wijken en buurten (download table)"),
    Source.STATLINE: _l("CBS StatLine, Kerncijfers wijken en buurten"),
    Source.PDOK: _l("CBS/Kadaster via PDOK, Wijken en buurten"),
}

# kwb-YYYY: short codes. Counts of people and households are turned into shares, so every
# source gives the same unit for the same key. kwb-2024 renamed g_woz to g_wozbag.
KWB_COLUMNS = _columns(
    {
        "a_inw": ("inhabitants", A),
        "a_00_14": ("age_0_14_pct", INH),
        "a_15_24": ("age_15_24_pct", INH),
        "a_25_44": ("age_25_44_pct", INH),
        "a_45_64": ("age_45_64_pct", INH),
        "a_65_oo": ("age_65_plus_pct", INH),
        "bev_dich": ("population_density", A),
        "a_hh": ("households", A),
        "a_1p_hh": ("one_person_households_pct", HH),
        "a_hh_m_k": ("households_with_children_pct", HH),
        "g_hhgro": ("household_size", A),
        "g_ink_pi": ("income_per_inhabitant", A),
        "p_hh_li": ("low_income_households_pct", A),
        "p_hh_osm": ("social_minimum_households_pct", A),
        "p_arb_pp": ("labour_participation_pct", A),
        "a_soz_wb": ("social_assistance_per_1000", K),
        "a_soz_ao": ("disability_benefit_per_1000", K),
        "a_soz_ww": ("unemployment_benefit_per_1000", K),
        "p_jz_tn": ("youth_care_pct", A),
        "p_wmo_t": ("wmo_clients_per_1000", A),
        "p_huurw": ("rental_homes_pct", A),
        "p_wcorpw": ("social_housing_pct", A),
        "g_woz": ("average_home_value", A),
        "g_wozbag": ("average_home_value", A),
        "g_afs_hp": ("distance_to_gp", A),
    }
)

# StatLine (tables such as 85984NED): long names; the suffix (_5, _98) is dropped to match.
STATLINE_COLUMNS = _columns(
    {
        "AantalInwoners": ("inhabitants", A),
        "k_0Tot15Jaar": ("age_0_14_pct", INH),
        "k_15Tot25Jaar": ("age_15_24_pct", INH),
        "k_25Tot45Jaar": ("age_25_44_pct", INH),
        "k_45Tot65Jaar": ("age_45_64_pct", INH),
        "k_65JaarOfOuder": ("age_65_plus_pct", INH),
        "Bevolkingsdichtheid": ("population_density", A),
        "HuishoudensTotaal": ("households", A),
        "Eenpersoonshuishoudens": ("one_person_households_pct", HH),
        "HuishoudensMetKinderen": ("households_with_children_pct", HH),
        "GemiddeldeHuishoudensgrootte": ("household_size", A),
        "GemiddeldInkomenPerInwoner": ("income_per_inhabitant", A),
        "HuishoudensMetEenLaagInkomen": ("low_income_households_pct", A),
        "HuishOnderOfRondSociaalMinimum": ("social_minimum_households_pct", A),
        "Nettoarbeidsparticipatie": ("labour_participation_pct", A),
        "PersonenPerSoortUitkeringBijstand": ("social_assistance_per_1000", K),
        "PersonenPerSoortUitkeringAO": ("disability_benefit_per_1000", K),
        "PersonenPerSoortUitkeringWW": ("unemployment_benefit_per_1000", K),
        "PercentageJongerenMetJeugdzorg": ("youth_care_pct", A),
        "WmoClientenRelatief": ("wmo_clients_per_1000", A),
        "HuurwoningenTotaal": ("rental_homes_pct", A),
        "InBezitWoningcorporatie": ("social_housing_pct", A),
        "GemiddeldeWOZWaardeVanWoningen": ("average_home_value", A),
        "GemiddeldeWoningwaarde": ("average_home_value", A),
        "AfstandTotHuisartsenpraktijk": ("distance_to_gp", A),
    }
)

# PDOK "wijken en buurten" GeoJSON properties (checked against the 2024 file for Baarn).
PDOK_COLUMNS = _columns(
    {
        "aantal_inwoners": ("inhabitants", A),
        "percentage_personen_0_tot_15_jaar": ("age_0_14_pct", A),
        "percentage_personen_15_tot_25_jaar": ("age_15_24_pct", A),
        "percentage_personen_25_tot_45_jaar": ("age_25_44_pct", A),
        "percentage_personen_45_tot_65_jaar": ("age_45_64_pct", A),
        "percentage_personen_65_jaar_en_ouder": ("age_65_plus_pct", A),
        "bevolkingsdichtheid_inwoners_per_km2": ("population_density", A),
        "aantal_huishoudens": ("households", A),
        "percentage_eenpersoonshuishoudens": ("one_person_households_pct", A),
        "percentage_huishoudens_met_kinderen": ("households_with_children_pct", A),
        "gemiddelde_huishoudsgrootte": ("household_size", A),
        "gemiddeld_inkomen_per_inwoner": ("income_per_inhabitant", A),
        "percentage_huishoudens_met_laag_inkomen": ("low_income_households_pct", A),
        "percentage_huishoudens_onder_of_rond_sociaal_minimum": (
            "social_minimum_households_pct",
            A,
        ),
        "netto_arbeidsparticipatie": ("labour_participation_pct", A),
        "aantal_personen_met_een_alg_bijstandsuitkering_tot": ("social_assistance_per_1000", K),
        "aantal_personen_met_een_ao_uitkering_totaal": ("disability_benefit_per_1000", K),
        "aantal_personen_met_een_ww_uitkering_totaal": ("unemployment_benefit_per_1000", K),
        "percentage_jongeren_met_jeugdzorg_in_natura": ("youth_care_pct", A),
        "aantal_wmo_clienten_per_1000_inwoners": ("wmo_clients_per_1000", A),
        "percentage_huurwoningen": ("rental_homes_pct", A),
        "perc_huurwoningen_in_bezit_woningcorporaties": ("social_housing_pct", A),
        "gemiddelde_woningwaarde": ("average_home_value", A),
        "huisartsenpraktijk_gemiddelde_afstand_in_km": ("distance_to_gp", A),
    }
)

SOURCE_COLUMNS = {
    Source.KWB: KWB_COLUMNS,
    Source.STATLINE: STATLINE_COLUMNS,
    Source.PDOK: PDOK_COLUMNS,
}

# Columns that identify a region rather than describe it: never kept as extra figures.
REGION_COLUMNS = {
    Source.KWB: {"gwb_code_10", "gwb_code_8", "gwb_code", "regio", "gm_naam", "recs", "ind_wbi"},
    Source.STATLINE: {"id", "wijkenenbuurten", "gemeentenaam", "soortregio", "codering"},
    Source.PDOK: {
        "buurtcode",
        "buurtnaam",
        "wijkcode",
        "wijknaam",
        "gemeentecode",
        "gemeentenaam",
        "jrstatcode",
        "jaar",
    },
}

_SUFFIX = re.compile(r"_\d+$")


def base_name(column: str) -> str:
    """The name without its numeric suffix, lower-cased: WmoClienten_98 → wmoclienten."""
    return _SUFFIX.sub("", column.strip()).lower()


def match_column(source: Source, column: str) -> Column | None:
    """The indicator a source column feeds, by exact name first, then without its suffix.

    Exact first, because some short kwb codes end in digits themselves (a_00_14).
    """
    columns = SOURCE_COLUMNS[source]
    name = column.strip().lower()
    return columns.get(name) or columns.get(base_name(column))


def is_region_column(source: Source, column: str) -> bool:
    names = REGION_COLUMNS[source]
    return column.strip().lower() in names or base_name(column) in names


# --- Values: known, secret or missing -----------------------------------------------------


class Status(StrEnum):
    OK = "ok"
    SECRET = "secret"  # CBS keeps it secret (too few people): never shown
    MISSING = "missing"  # not (yet) available


@dataclass(frozen=True)
class Reading:
    """One figure as read from a file: a number only when the status is OK."""

    status: Status
    value: float | None = None

    def __post_init__(self):
        if (self.status == Status.OK) != (self.value is not None):
            raise ValueError("a reading has a value exactly when its status is OK")


SECRET = Reading(Status.SECRET)
MISSING = Reading(Status.MISSING)


def scale_readings(source: Source, raw: dict[str, Reading]) -> dict[str, tuple[Reading, str]]:
    """Turn a region's readings by column name into readings by indicator key.

    Returns {key: (reading, source column)}. Counts become shares using the same row's
    inhabitants or households; a share of a secret count is itself secret.
    """
    matched: dict[str, tuple[Column, Reading, str]] = {}
    for column, reading in raw.items():
        target = match_column(source, column)
        if target is not None and target.key not in matched:
            matched[target.key] = (target, reading, column)

    def base(key: str) -> Reading:
        found = matched.get(key)
        return found[1] if found and found[0].scale == Scale.AS_IS else MISSING

    result: dict[str, tuple[Reading, str]] = {}
    for key, (target, reading, column) in matched.items():
        if target.scale == Scale.AS_IS:
            result[key] = (reading, column)
            continue
        denominator = base(
            "households" if target.scale == Scale.SHARE_OF_HOUSEHOLDS else "inhabitants"
        )
        factor = 1000 if target.scale == Scale.PER_1000_INHABITANTS else 100
        if reading.status != Status.OK:
            result[key] = (reading, column)
        elif denominator.status != Status.OK or not denominator.value:
            result[key] = (MISSING, column)
        else:
            result[key] = (
                Reading(Status.OK, round(reading.value / denominator.value * factor, 1)),
                column,
            )
    return result
