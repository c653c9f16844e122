"""TEST DATA, written by hand for these tests: small files in the layouts CBS uses.

None of these figures are real CBS figures. The codes GM8801 ("Testdorp") and its wijken
and buurten are not used by CBS. Only BAARN_GEOJSON points at a real file (PDOK, 2024).
"""

from __future__ import annotations

from pathlib import Path

# Real PDOK file, copied unchanged (see data/README.md for source and licence).
BAARN_GEOJSON = Path(__file__).resolve().parent / "data" / "baarn-buurten-2024.geojson"

# kwb-YYYY download table: ';', decimal commas, '.' for secret or missing, a country row,
# municipality, wijk and buurt rows. Saved by Excel on Windows, so Windows-1252.
KWB_CSV = (
    "gwb_code_10;gwb_code_8;regio;gm_naam;recs;gwb_code;ind_wbi;a_inw;a_man;a_vrouw;"
    "a_00_14;a_65_oo;a_hh;a_1p_hh;g_hhgro;p_hh_osm;a_soz_wb;p_wmo_t;p_jz_tn;g_wozbag;ste_mvs\n"
    "NL00;0;Nederland;Nederland;Land;NL00;.;17942942;8911516;9031426;"
    "2758145;3667385;8280000;3250000;2,1;8,1;380000;78;10,1;451;2\n"
    "GM8801;8801;Testdorp;Testdorp;Gemeente;GM8801;.;10000;4950;5050;"
    "1500;2000;4500;1800;2,2;10,0;400;80;11,0;310;4\n"
    "WK880101;880101;Dorpskern;Testdorp;Wijk;WK880101;1;4000;1950;2050;"
    "400;1200;2100;1200;1,9;20,4;240;120,5;.;265;3\n"
    "WK880102;880102;Súdwesthoek;Testdorp;Wijk;WK880102;1;6000;3000;3000;"
    "1100;800;2400;600;2,5;3,1;160;53;9,8;.;5\n"
    "BU88010100;88010100;Kerkbuurt;Testdorp;Buurt;BU88010100;1;1000;500;500;"
    "100;300;500;300;2,0;.;.;.;.;270;3\n"
)

# StatLine export (TypedDataSet as CSV): long names with a numeric suffix, codes padded with
# spaces, '.' as decimal point, empty cells and '.' for missing figures.
STATLINE_CSV = (
    '"ID";"WijkenEnBuurten";"Gemeentenaam_1";"SoortRegio_2";"Codering_3";"AantalInwoners_5";'
    '"k_0Tot15Jaar_8";"HuishoudensTotaal_28";"Eenpersoonshuishoudens_29";'
    '"GemiddeldeHuishoudensgrootte_32";"HuishOnderOfRondSociaalMinimum_79";'
    '"WmoClienten_98";"WmoClientenRelatief_99";"MateVanStedelijkheid_122"\n'
    '0;"GM8801    ";"Testdorp                                ";"Gemeente  ";"GM8801    ";'
    "10000;1500;4500;1800;2.2;10.0;800;80;4\n"
    '1;"WK880101  ";"Testdorp                                ";"Wijk      ";"WK880101  ";'
    "4000;400;2100;1200;1.9;20.4;480;120;3\n"
    '2;"WK880102  ";"Testdorp                                ";"Wijk      ";"WK880102  ";'
    "6000;1100;2400;600;2.5;;320;.;5\n"
)


def kwb_bytes(text: str = KWB_CSV, encoding: str = "cp1252") -> bytes:
    return text.replace("\n", "\r\n").encode(encoding)


def replace_cell(text: str, code: str, column: str, value: str) -> str:
    """The kwb test table with one cell changed."""
    lines = text.splitlines()
    header = lines[0].split(";")
    index = header.index(column)
    for number, line in enumerate(lines):
        cells = line.split(";")
        if cells[0] == code:
            cells[index] = value
            lines[number] = ";".join(cells)
    return "\n".join(lines) + "\n"
