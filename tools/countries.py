"""Map the nationality names printed in the report's staff annexes to country metadata.

Build-time only (not shipped).  Codes and UN M49 regions come from the country
table bundled with hdx-python-country, read with ``use_live=False`` so a build
never downloads anything and always sees the same data.  Names are matched
exactly (after normalising apostrophes and white space) against that table's
official, short and M49 names; the few printed names it does not know are
listed in ``_OVERRIDES`` rather than guessed at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from hdx.location.country import Country
from hdx.utilities.downloader import Download


@dataclass(frozen=True)
class CountryInfo:
    iso3: str            # ISO 3166-1 alpha-3
    m49: str             # UN M49 numeric code, zero-padded ("004")
    region: str          # UN M49 region ("Asia")
    subregion: str       # UN M49 sub-region ("Southern Asia"), not the intermediate region
    oecd_dac_2021: bool  # member of the OECD Development Assistance Committee in 2021


# The 29 country members of the DAC during 2021 (the EU, the 30th member, is not a
# country).  Lithuania joined on 16 Nov 2022 and Estonia in 2023, so both are out.
# Sources: "Why Lithuania wants to join the OECD aid donor club", Devex, 29 Apr 2022,
# https://www.devex.com/news/why-lithuania-wants-to-join-the-oecd-aid-donor-club-103072
# (30 DAC members incl. the EU, none new since Hungary in 2016); "Lithuania joins OECD
# Development Assistance Committee", 16/11/2022,
# https://www.miragenews.com/lithuania-joins-oecd-development-assistance-897237/ ;
# "DAC members", http://www.oecd.org/development/dacmembers.htm ("currently has 30 members").
OECD_DAC_2021: frozenset[str] = frozenset({
    "AUS", "AUT", "BEL", "CAN", "CZE", "DNK", "FIN", "FRA", "DEU", "GRC",
    "HUN", "ISL", "IRL", "ITA", "JPN", "KOR", "LUX", "NLD", "NZL", "NOR",
    "POL", "PRT", "SVK", "SVN", "ESP", "SWE", "CHE", "GBR", "USA",
})

# Printed names the bundled table cannot resolve exactly; keys are normalised.
_OVERRIDES: dict[str, str | None] = {
    # The report (2021) still prints the old name; the table only knows "Türkiye".
    "TURKEY": "TUR",
    # Aggregate row for nationalities not listed separately: deliberately no country.
    "OTHER": None,
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _normalise(name: str) -> str:
    # The two annexes differ in apostrophe style, and wrapped names carry stray spaces.
    return re.sub(r"\s+", " ", name.translate(_APOSTROPHES)).strip().upper()


@cache
def _data() -> dict[str, Any]:
    # Our own downloader, closed on exit: hdx's default one leaves the bundled CSV
    # open (a ResourceWarning, which is an error under the test suite's filters).
    with Download(user_agent="iom_annual-build") as downloader:
        data: dict[str, Any] = Country.countriesdata(use_live=False, downloader=downloader)
    return data


@cache
def _names() -> dict[str, str]:
    table: dict[str, str] = _data()["countrynames2iso3"]
    return {_normalise(name): iso3 for name, iso3 in table.items()}


def lookup(printed_name: str) -> CountryInfo | None:
    """Return the metadata for a printed nationality name; None only for "Other".

    Raises KeyError if the name matches no country exactly.
    """
    key = _normalise(printed_name)
    if key in _OVERRIDES:
        iso3 = _OVERRIDES[key]
    elif key in _names():
        iso3 = _names()[key]
    else:
        raise KeyError(f"no country matches the printed nationality {printed_name!r}; "
                       "add it to _OVERRIDES in tools/countries.py")
    if iso3 is None:
        return None
    row = _data()["countries"][iso3]
    return CountryInfo(
        iso3=iso3,
        m49=f"{int(row['m49 numerical code']):03d}",
        region=row["Region Name"],
        subregion=row["Sub-region Name"],
        oecd_dac_2021=iso3 in OECD_DAC_2021,
    )
