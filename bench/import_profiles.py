"""A whole-country area-profile file, imported for one municipality: how long the CSV and the
xlsx take (docs/area-profiles.md, "One upload limit").

    python -m bench.import_profiles                    # 17,442 rows x 130 columns, SQLite
    python -m bench.import_profiles --skip-xlsx        # the CSV only (the xlsx is slow)

The table is made up in the shape of a CBS kwb table: a country row, 355 municipalities with
their wijken and buurten (the platform knows one of them, Testdorp, with two wijken), the kwb
columns and made-up ones up to `--columns`, figures with decimal commas and "." for secret
ones. The CSV is written as Excel on Windows does (';', Windows-1252, CRLF); the xlsx by hand,
one sheet with numbers as numbers. Each file goes through `profiles.import_profiles` as the
admin page and `flask profiles import` do, and is rolled back afterwards. Prints JSON: file
sizes, wall and CPU seconds per file, and the regions imported.
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path

MUNICIPALITIES = 355
WIJKEN_PER_MUNICIPALITY = 10


def table(rows: int, columns: int, *, seed: int = 7) -> str:
    """The kwb test table's header and Testdorp rows, then made-up regions up to `rows`."""
    from tests.neighbourhoods.cbs_fixtures import KWB_CSV

    rng = random.Random(seed)
    lines = KWB_CSV.splitlines()
    header = lines[0].split(";")
    extra = [f"x_{n:03d}" for n in range(columns - len(header))]
    out = [";".join(header + extra)]

    def figures(count: int) -> list[str]:
        return [
            "." if rng.random() < 0.05 else f"{rng.randint(0, 9999)},{rng.randint(0, 9)}"
            for _ in range(count)
        ]

    for line in lines[1:]:
        out.append(";".join(line.split(";") + figures(len(extra))))
    number = 0
    while len(out) <= rows:
        municipality = 100 + number % MUNICIPALITIES
        wijk = number // MUNICIPALITIES % WIJKEN_PER_MUNICIPALITY
        buurt = number // (MUNICIPALITIES * WIJKEN_PER_MUNICIPALITY)
        if number < MUNICIPALITIES:
            code, kind = f"GM{municipality:04d}", "Gemeente"
        elif buurt == 0:
            code, kind = f"WK{municipality:04d}{wijk:02d}", "Wijk"
        else:
            code, kind = f"BU{municipality:04d}{wijk:02d}{buurt:02d}", "Buurt"
        name = f"Plaats {municipality}"
        cells = [code, code[2:], f"Regio {code}", name, kind, code, "1"]
        out.append(";".join(cells + figures(len(header) - len(cells) + len(extra))))
        number += 1
    return "\n".join(out[: rows + 1]) + "\n"


def measure(data: bytes, filename: str) -> dict:
    from wijkplatform.extensions import db
    from wijkplatform.neighbourhoods import profiles

    wall, cpu = time.perf_counter(), time.process_time()
    report = profiles.import_profiles(data, filename=filename, year=2025, level="wijk")
    result = {
        "seconds": round(time.perf_counter() - wall, 1),
        "cpu_seconds": round(time.process_time() - cpu, 1),
        "imported": sum(1 for r in report.regions if r.outcome == profiles.IMPORTED),
        "ok": report.ok,
        "problems": [str(e) for e in report.errors][:3],
    }
    db.session.rollback()
    return result


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=17_442)
    parser.add_argument("--columns", type=int, default=130)
    parser.add_argument("--skip-xlsx", action="store_true", help="Time the CSV only.")
    args = parser.parse_args(argv)

    from flask_migrate import upgrade

    from tests.factories import MunicipalityFactory, NeighbourhoodFactory
    from tests.neighbourhoods.cbs_fixtures import kwb_bytes, kwb_sheet_rows, xlsx_file
    from wijkplatform import create_app
    from wijkplatform.extensions import db

    text = table(args.rows, args.columns)
    files = {"kwb.csv": kwb_bytes(text)}
    sheet_mb = None
    if not args.skip_xlsx:
        rows = kwb_sheet_rows(text)
        sheet_mb = round(len(rows.encode()) / 2**20, 1)
        files["kwb.xlsx"] = xlsx_file(rows)
    result = {
        "rows": args.rows,
        "columns": args.columns,
        "sizes_mb": {name: round(len(data) / 2**20, 1) for name, data in files.items()},
        "sheet_mb": sheet_mb,
    }
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'profiles.sqlite'}"
        app = create_app({"SQLALCHEMY_DATABASE_URI": url, "PUBLIC_URL": "https://wijk.example"})
        with app.app_context():
            upgrade()
            testdorp = MunicipalityFactory(name="Testdorp", cbs_code="GM8801")
            for name, code in (("Dorpskern", "WK880101"), ("Zuidwesthoek", "WK880102")):
                NeighbourhoodFactory(municipality=testdorp, name=name, cbs_code=code)
            db.session.commit()
            for name, data in files.items():
                result[name] = measure(data, name)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
