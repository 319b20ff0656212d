"""Write ``tile_grid.csv``: one square tile per country, for the offline map of the docs.

Run once by hand (``python docs/_data/make_tile_grid.py``) when the countries
of the data change; the docs build only reads the CSV it writes, so it needs
neither this script's dependency nor a network.

Each country's centroid (latitude and longitude from the OCHA countries table
that ``hdx-python-country`` bundles, pinned in the ``test`` extra) is projected
onto a coarse grid; countries that land on a taken tile move to the nearest
free one, largest-staffed first, so that the big nationalities keep their
place.  The result is a tile-grid map: every country the same size, roughly
where it is on the globe.
"""

from __future__ import annotations

import csv
import math
from pathlib import Path

from hdx.location.country import Country

import iom_annual

HERE = Path(__file__).resolve().parent
COLUMNS, ROWS = 36, 18  # 10 degrees of longitude per column, 10 of latitude per row


def main() -> None:
    Country.countriesdata(use_live=False)
    staff = iom_annual.staff_by_nationality()
    totals: dict[str, int] = {}
    for iso3, total in staff.select("iso3", "total").iter_rows():
        if iso3:
            totals[iso3] = totals.get(iso3, 0) + total
    taken: dict[tuple[int, int], str] = {}
    placed = []
    for iso3 in sorted(totals, key=lambda k: (-totals[k], k)):
        info = Country.get_country_info_from_iso3(iso3, use_live=False) or {}
        lat, lon = info.get("Latitude"), info.get("Longitude")
        if lat is None or lon is None:
            print(f"no centroid for {iso3}: left off the map")
            continue
        col = (float(lon) + 180) / 360 * COLUMNS
        row = (90 - float(lat)) / 180 * ROWS
        best = min(
            ((c, r) for c in range(-2, COLUMNS + 2) for r in range(-2, ROWS + 2) if (c, r) not in taken),
            key=lambda cr: (math.hypot(cr[0] + 0.5 - col, cr[1] + 0.5 - row), cr),
        )
        taken[best] = iso3
        placed.append((iso3, best[0], best[1]))
    lowest_col = min(c for _, c, _ in placed)
    lowest_row = min(r for _, _, r in placed)
    with open(HERE / "tile_grid.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["iso3", "col", "row"])
        for iso3, c, r in sorted(placed):
            writer.writerow([iso3, c - lowest_col, r - lowest_row])
    print(f"{len(placed)} countries placed")


if __name__ == "__main__":
    main()
