"""Every name people use for a country, for ``data/country_names.csv``.  Build-time only.

Three well-kept tables, all read from what their packages ship (nothing is
downloaded), and a short curated list:

- hdx-python-country (MIT): official, short and alternative names in the six
  UN languages (the UNTERM, M49, ReliefWeb and OCHA columns), ISO 3166-1
  alpha-2 and alpha-3 and UN M49 codes.
- countryinfo 0.1.2 (MIT; the last release that installs on Python 3.10):
  common English names and abbreviations (``altSpellings``: "DRC", "UAE",
  "Holland"), native names and the English demonym.
- Babel (BSD; the Unicode CLDR data it ships): English common names
  ("South Korea", "Laos", "Cape Verde") and each country's own name in its
  official languages ("Deutschland", "Sverige", "Hrvatska").
- ``tools/curated/country_names.csv``: what none of them holds (former names
  such as "Zaire" and "Swaziland", "DRC" dotted, common abbreviations), one
  reason per row; and ``tools/curated/ambiguous_country_names.csv``: names that
  mean more than one country, with the candidates and why.

A name written "X (Y)" or "X, Y" also gives "X" ("Iran (Islamic Republic of)"
gives "Iran"; "Congo, The Democratic Republic of the" gives "Congo") and, for
"X (Y)" where Y is a name rather than a qualifier ("Myanmar (Burma)"), "Y".

Names are compared with :func:`iom_annual._core.folding.fold`, the function the
package uses at run time, and written with their folded ``key``.  A key that
the sources give to more than one country is written once per country, which
the run time reads as *ambiguous*; every such key must be listed in the
curated ambiguous file (or settled by a curated row), so that no library
update silently makes a name ambiguous or picks one of two countries.
"""

from __future__ import annotations

import csv
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from iom_annual._core.folding import fold

CURATED = Path(__file__).resolve().parent / "curated"

Row = dict[str, Any]

# hdx columns and the kind of name each holds.
_HDX_COLUMNS = {
    "Preferred Term": "short", "English Short": "short", "M49 English": "short",
    "English Formal": "official", "ISO Alt Term": "alternative", "DGACM Alt Term": "alternative",
    "HPC Tools Alt Term": "alternative", "RW Short Name": "common", "RW API Alt Term": "alternative",
}
# Babel's territory codes that are no country (EU, UN, the world, continents, test codes).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "DG", "EA", "IC", "TA", "CQ"}
# Kind order: when one source gives a name twice, the first kind listed wins.
KINDS = ("report", "iso3", "iso2", "m49", "official", "short", "common", "alternative", "abbreviation",
         "former", "demonym", "local", "translation")


# Shortened forms that are no name ("Republic of" from "Korea, Republic of").
_NO_NAMES = {"", "the", "republic of", "special administrative region"}


class NamesError(ValueError):
    """A curated file is inconsistent with the libraries' tables."""


def _curated(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _shorter(name: str) -> list[str]:
    """The shorter forms an inverted or qualified name implies (see the module docstring)."""
    found = []
    bracket = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    if bracket:
        head, inner = bracket.group(1).strip(), bracket.group(2).strip()
        found.append(head)
        # "(Burma)" is a name; "(the Democratic Republic of the)", "(Islamic Republic of)",
        # "(U.S.)", "(British)" qualify the head and are no name on their own.
        if inner[:1].isupper() and not re.search(r"\b(of|the)\b|\.|^(British|French|Dutch)$", inner):
            found.append(inner)
    comma = re.fullmatch(r"([^,]+),\s*(.+)", name)
    if comma:
        found.append(comma.group(1).strip())
    return found


def _hdx() -> list[Row]:
    from tools.countries import _data

    data = _data()
    rows: list[Row] = []
    for iso3, row in data["countries"].items():
        if row.get("Deprecated") == "Y":
            continue
        add = rows.append
        add({"name": iso3, "iso3": iso3, "kind": "iso3", "source": "hdx"})
        if row.get("ISO 3166-1 Alpha 2-Codes"):
            add({"name": row["ISO 3166-1 Alpha 2-Codes"], "iso3": iso3, "kind": "iso2", "source": "hdx"})
        if row.get("m49 numerical code"):
            m49 = f"{int(row['m49 numerical code']):03d}"
            add({"name": m49, "iso3": iso3, "kind": "m49", "source": "hdx"})
        for column, kind in _HDX_COLUMNS.items():
            if row.get(column):
                add({"name": row[column], "iso3": iso3, "kind": kind, "source": "hdx"})
        for column in ("French Short", "Spanish Short", "Russian Short", "Chinese Short", "Arabic Short"):
            if row.get(column):
                add({"name": row[column], "iso3": iso3, "kind": "translation", "source": "hdx"})
    for name, iso3 in data["countrynames2iso3"].items():
        if iso3 in data["countries"] and data["countries"][iso3].get("Deprecated") != "Y":
            rows.append({"name": name, "iso3": iso3, "kind": "alternative", "source": "hdx"})
    return rows


def _countryinfo() -> list[Row]:
    rows: list[Row] = []
    folder = resources.files("countryinfo") / "data"
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".json"):
            continue
        info = json.loads(entry.read_text(encoding="utf-8"))
        iso3 = (info.get("ISO") or {}).get("alpha3")
        if not iso3:
            continue
        add = rows.append
        if info.get("name"):
            add({"name": info["name"], "iso3": iso3, "kind": "common", "source": "countryinfo"})
        for alt in info.get("altSpellings") or ():
            kind = "abbreviation" if alt.isupper() and len(alt) <= 5 else "alternative"
            add({"name": alt, "iso3": iso3, "kind": kind, "source": "countryinfo"})
        for native in (info.get("nativeName") or "").split(" / "):
            if native.strip():
                add({"name": native.strip(), "iso3": iso3, "kind": "local", "source": "countryinfo"})
        for demonym in (info.get("demonym") or "").split(","):
            if demonym.strip():
                add({"name": demonym.strip(), "iso3": iso3, "kind": "demonym", "source": "countryinfo"})
    return rows


def _babel(iso3_of: dict[str, str]) -> list[Row]:
    from babel import Locale, UnknownLocaleError
    from babel.core import get_global

    rows: list[Row] = []
    english = Locale("en").territories
    languages = get_global("territory_languages")
    for iso2, iso3 in sorted(iso3_of.items()):
        if iso2 in _NOT_COUNTRIES:
            continue
        if iso2 in english:
            rows.append({"name": english[iso2], "iso3": iso3, "kind": "common", "source": "babel"})
        for language, info in sorted(languages.get(iso2, {}).items()):
            if info.get("official_status") not in ("official", "de_facto_official"):
                continue
            try:
                local = Locale.parse(language).territories.get(iso2)
            except (UnknownLocaleError, ValueError):
                continue
            if local:
                rows.append({"name": local, "iso3": iso3, "kind": "local", "source": "babel"})
    return rows


@cache
def curated() -> list[Row]:
    """``tools/curated/country_names.csv``: name, iso3, kind, reason."""
    rows = _curated("country_names.csv")
    for r in rows:
        if r["kind"] not in KINDS[1:] or not r["reason"].strip():
            raise NamesError(f"country_names.csv: {r['name']!r} needs a known kind and a reason")
    return [{"name": r["name"], "iso3": r["iso3"], "kind": r["kind"], "source": "curated"} for r in rows]


@cache
def ambiguous() -> dict[str, tuple[str, ...]]:
    """Folded name -> the ISO3 codes it may mean, from the curated ambiguous list."""
    found: dict[str, tuple[str, ...]] = {}
    for r in _curated("ambiguous_country_names.csv"):
        codes = tuple(sorted(c.strip() for c in r["candidates"].split(";")))
        if len(codes) < 2 or not r["reason"].strip():
            raise NamesError(f"ambiguous_country_names.csv: {r['name']!r} needs two candidates and a reason")
        found[fold(r["name"])] = codes
    return found


def table(report: list[Row] | None = None) -> list[Row]:
    """The rows of ``country_names.csv``: key, name, iso3, kind, source, sorted by key and ISO3.

    One row per folded name and country (the first source and kind to give it):
    a name meaning several countries has a row for each, and only if the
    curated ambiguous list says so.  A curated row settles a name the
    libraries disagree on: it is then that country's alone.
    """
    from tools.countries import _data, unlisted

    data = _data()
    countries = set(data["countries"]) | set(unlisted())
    from tools.countries import demonyms

    report_demonyms = [{"name": d, "iso3": iso3, "kind": "demonym", "source": "curated"}
                       for iso3, words in demonyms().items() for d in words]
    # The report's own spellings (the countries dataset's name and aliases).
    printed = [{"name": name, "iso3": r["iso3"], "kind": "report", "source": "report"}
               for r in report or () for name in (r["name"], *(r["aliases"] or "").split("; ")) if name]
    gathered = [*curated(), *printed, *report_demonyms, *_hdx(), *_countryinfo(), *_babel(data["iso2iso3"])]
    derived = [{**r, "name": short, "kind": "short" if r["kind"] in ("official", "short") else r["kind"]}
               for r in gathered if r["kind"] not in ("iso2", "iso3", "m49") for short in _shorter(r["name"])]
    settled = {fold(r["name"]): r["iso3"] for r in curated()}
    # A name a sovereign country shares with dependent territories is the
    # country's ("French" is France, not Réunion; "United States" not Puerto Rico).
    independent = {iso3 for iso3, row in data["countries"].items() if row.get("Independent") == "Y"}
    by_key: dict[str, dict[str, Row]] = {}
    for rows, shortened in ((gathered, False), (derived, True)):
        taken = set(by_key)
        for r in rows:
            key = fold(r["name"])
            if key in _NO_NAMES or r["iso3"] not in countries or settled.get(key, r["iso3"]) != r["iso3"]:
                continue
            if shortened and key in taken:  # a shortened form never displaces a full one
                continue
            by_key.setdefault(key, {}).setdefault(r["iso3"], {**r, "key": key})
    for by in by_key.values():
        if len(by) > 1 and (by.keys() & independent) and (by.keys() - independent):
            for iso3 in by.keys() - independent:
                del by[iso3]
    listed = ambiguous()
    names = {fold(r["name"]): r["name"] for r in _curated("ambiguous_country_names.csv")}
    for key, codes in listed.items():
        for iso3 in codes:
            by_key.setdefault(key, {}).setdefault(iso3, {"key": key, "name": names[key], "iso3": iso3,
                                                         "kind": "alternative", "source": "curated"})
    problems = [f"{key!r}: {sorted(by)}" for key, by in by_key.items()
                if len(by) > 1 and tuple(sorted(by)) != listed.get(key)]
    problems += [f"{key!r} is listed as ambiguous but the tables give {sorted(by_key[key])}"
                 for key in listed if tuple(sorted(by_key[key])) != listed[key]]
    if problems:
        raise NamesError("names the tables give to more than one country: settle each in "
                         "tools/curated/country_names.csv or list it in ambiguous_country_names.csv: "
                         + "; ".join(sorted(problems)))
    return [by_key[key][iso3] for key in sorted(by_key) for iso3 in sorted(by_key[key])]
