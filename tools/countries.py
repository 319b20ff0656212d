"""Country codes for the report's place names: the annexes' nationalities and the narrative's places.

Build-time only (not shipped).  Codes and UN M49 regions come from the country
table bundled with hdx-python-country, read with ``use_live=False`` so a build
never downloads anything and always sees the same data.  Names are compared
with :func:`iom_annual._core.folding.fold`, the function the package uses at run time,
against that table's English names; the printed forms it does not know are
curated in ``tools/curated/country_aliases.csv`` rather than guessed at, and
the names of regions (which are not countries) in ``tools/curated/regions.csv``.

:func:`find_places` reads a passage of the narrative and returns the ISO3 codes
of the countries it names and the regions it names, longest name first, so that
"South Sudan" is never read as "Sudan" nor "Papua New Guinea" as "Guinea".
It gives the ``countries`` table the narrative's spellings, and checks the hand
review of the figures' places (``tools/curated/figure_places_*.csv``, read by
:func:`tag_figures`): each quote must be in the cited passage and name its place.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hdx.location.country import Country
from hdx.utilities.downloader import Download

from iom_annual._core.folding import fold

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

Row = dict[str, Any]

CURATED = Path(__file__).resolve().parent / "curated"


@dataclass(frozen=True)
class CountryInfo:
    iso3: str            # ISO 3166-1 alpha-3
    m49: str             # UN M49 numeric code, zero-padded ("004")
    region: str          # UN M49 region ("Asia")
    subregion: str       # UN M49 sub-region ("Southern Asia"), not the intermediate region
    oecd_dac_2021: bool  # member of the OECD Development Assistance Committee in 2021


@dataclass(frozen=True)
class Places:
    """What one passage of the narrative names: country codes, regions, printed forms."""

    iso3: tuple[str, ...]              # in order of first mention
    regions: tuple[str, ...]           # canonical region names, in order of first mention
    printed: tuple[tuple[str, str], ...]  # (iso3, the name exactly as printed)


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

# Printed annex names that deliberately name no country: the aggregate row.
NOT_A_COUNTRY = frozenset({fold("Other")})

# English name columns of the hdx table that the narrative may use.  Acronyms
# ("UK", "CAR", "DPRK") are left out: matched without regard to case they would
# find ordinary words.
_NAME_COLUMNS = ("Preferred Term", "English Short", "M49 English", "English Formal", "ISO Alt Term",
                 "DGACM Alt Term", "HPC Tools Alt Term", "RW Short Name", "RW API Alt Term")


class CountryError(KeyError):
    """A printed name matches no country, or a curated file is inconsistent."""


@cache
def _data() -> dict[str, Any]:
    # Our own downloader, closed on exit: hdx's default one leaves the bundled CSV
    # open (a ResourceWarning, which is an error under the test suite's filters).
    with Download(user_agent="iom_annual-build") as downloader:
        data: dict[str, Any] = Country.countriesdata(use_live=False, downloader=downloader)
    return data


def _rows(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@cache
def aliases() -> dict[str, str]:
    """Curated printed form (folded) -> ISO3, for the forms the hdx table lacks."""
    return {fold(r["printed"]): r["iso3"] for r in _rows("country_aliases.csv")}


@cache
def demonyms() -> dict[str, list[str]]:
    """ISO3 -> the curated words for its people that do not begin like its name
    (Filipino, Dutch, Swiss): search derives the others (Kenyan, Afghan) itself."""
    found: dict[str, list[str]] = {}
    for row in _rows("demonyms.csv"):
        found.setdefault(row["iso3"], []).append(row["demonym"])
    return found


@cache
def unlisted() -> dict[str, str]:
    """Codes the curated aliases use that are not ISO 3166-1 codes, with the reason."""
    return {r["iso3"]: r["reason"] for r in _rows("country_aliases.csv")
            if r["iso3"] not in _data()["countries"]}


@cache
def _names() -> dict[str, str]:
    """Folded name -> ISO3: the hdx table's names (official, short, alternative and
    translated ones), then its English name columns, then the curated aliases."""
    names: dict[str, str] = {}
    data = _data()
    english = ((row[c], iso3) for iso3, row in data["countries"].items() for c in _NAME_COLUMNS if row.get(c))
    pairs = [*data["countrynames2iso3"].items(), *english]
    for name, iso3 in pairs:
        if not (name.isupper() and len(name) <= 5):
            names.setdefault(fold(name), iso3)
    names.update(aliases())
    return names


def lookup(printed_name: str) -> CountryInfo | None:
    """Return the metadata for a printed nationality name; None only for "Other".

    Raises CountryError if the name matches no country exactly.
    """
    key = fold(printed_name)
    if key in NOT_A_COUNTRY:
        return None
    iso3 = _names().get(key)
    if iso3 is None:
        raise CountryError(f"no country matches the printed name {printed_name!r}; "
                           "add it to tools/curated/country_aliases.csv with its reason")
    row = _data()["countries"].get(iso3)
    if row is None:
        raise CountryError(f"{printed_name!r} is coded {iso3}, which has no M49 code or region")
    return CountryInfo(
        iso3=iso3,
        m49=f"{int(row['m49 numerical code']):03d}",
        region=row["Region Name"],
        subregion=row["Sub-region Name"],
        oecd_dac_2021=iso3 in OECD_DAC_2021,
    )


def country_code(name: str) -> str | None:
    """The ISO3 code of a country name by the same rule as :func:`lookup`, or None;
    unlike it, also for a code without an M49 region (Kosovo, XKX)."""
    return _names().get(fold(name))


@cache
def _regions() -> dict[str, str]:
    """Folded printed region -> canonical region name ('' for a phrase that names no place)."""
    return {fold(r["printed"]): r["region"] for r in _rows("regions.csv")}


@cache
def _pattern() -> re.Pattern[str]:
    # One alternation of every country and region name, longest first: at each
    # position the longest name wins, and what it covers is not read again.
    forms = {*_names(), *_regions()}
    # Names are folded (no accents); the text keeps its accents, so each name is
    # matched through a pattern that accepts either.
    body = "|".join(_loose(f) for f in sorted(forms, key=lambda f: (-len(f), f)))
    # Not inside a longer word; a footnote digit may follow ("Kosovo6").
    return re.compile(rf"(?<![\w-])(?:the\s+)?({body})(?![^\W\d_]|-)", re.IGNORECASE)


def _loose(folded: str) -> str:
    out = []
    for ch in folded:
        if ch == "'":
            out.append("['\u2019\u2018]")
        elif ch == "-":
            out.append("[-\u2010\u2011\u2013]")
        elif ch == " ":
            out.append(r"\s+")
        elif ch.isalpha():
            out.append(_accented(ch))
        else:
            out.append(re.escape(ch))
    return "".join(out)


_ACCENTS = {"a": "aáàâäãå", "c": "cç", "e": "eéèêë", "i": "iíìîï", "o": "oóòôöõ", "u": "uúùûü",
            "n": "nñ", "y": "yý"}


def _accented(ch: str) -> str:
    variants = _ACCENTS.get(ch)
    return f"[{variants}]" if variants else re.escape(ch)


def find_places(text: str) -> Places:
    """The countries and regions a passage names, in order of first mention.

    A match must be capitalised as printed (a place name starts with a capital
    letter), so that ordinary words that happen to spell a name are not read.
    """
    codes: dict[str, None] = {}
    regions: dict[str, None] = {}
    printed: dict[tuple[str, str], None] = {}
    names, region_of = _names(), _regions()
    for match in _pattern().finditer(text):
        found = match.group(1)
        if not found[0].isupper():
            continue
        key = fold(found)
        if key in names:
            codes.setdefault(names[key])
            printed.setdefault((names[key], " ".join(found.split())))
        elif region_of.get(key):
            regions.setdefault(region_of[key])
    return Places(tuple(codes), tuple(regions), tuple(printed))


# A sentence ends at . ! or ? followed by a capital, a quote or a bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\u201c\"(])")
# Quote and dash styles folded the way tests/test_key_figures.py finds as_printed.
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})


def sentence(text: str, token: str) -> str:
    """The sentence of ``text`` that holds the first occurrence of ``token``.

    Both are compared with white space and quote styles folded, and the token
    must stand alone (not inside a longer number, a word or a web address);
    a leading paragraph number is skipped.  Raises CountryError when the
    token is not in the text.
    """
    flat = " ".join(text.split())
    wanted = re.escape(" ".join(token.split()).translate(_QUOTES))
    body = re.compile(rf"(?<![\w.,/%-]){wanted}(?!\d|[.,]\d)")
    skip = re.match(r"\d{1,3}\.\s", flat)
    folded = flat.translate(_QUOTES)
    found = body.search(folded, skip.end() if skip else 0)
    # A footnote marker glued to the number ("4,0385" is 4,038 and note 5)
    # defeats the boundary: then the first occurrence as it stands.
    at = found.start() if found else folded.find(" ".join(token.split()).translate(_QUOTES))
    if at < 0:
        raise CountryError(f"{token!r} is not in the passage")
    start = 0
    for end in _SENTENCE_END.finditer(flat):
        if end.start() >= at:
            return flat[start:end.start()]
        start = end.end()
    return flat[start:]


# Header of tools/curated/figure_places_*.csv: one row per figure and place.
PLACE_COLUMNS = ("id", "iso3", "region", "quote", "note")


def folded_text(text: str) -> str:
    """``text`` with white space and quote and dash styles folded, to find a quote in a passage."""
    return " ".join(text.split()).translate(_QUOTES)


@cache
def figure_places() -> tuple[dict[str, str], ...]:
    """The hand review of every figure's places: tools/curated/figure_places_*.csv, in file order.

    A row codes one place of one figure (``iso3`` or ``region``) with the
    words of the cited passage that make it the figure's own (``quote``); a
    row with neither records that a figure whose sentence names a place has
    none, and says why in ``note``.  A figure without rows has no place.
    """
    rows: list[dict[str, str]] = []
    for path in sorted(CURATED.glob("figure_places_*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            if tuple(reader.fieldnames or ()) != PLACE_COLUMNS:
                raise CountryError(f"{path.name}: header must be {','.join(PLACE_COLUMNS)}")
            rows.extend({**r, "file": path.name} for r in reader)
    return tuple(rows)


def place(kind: str, number: int | None) -> str:
    """The name of a citable passage: "Foreword", "paragraph 16" or "box 2"."""
    return "Foreword" if kind == "foreword" else f"{kind} {number}"


def where(row: Mapping[str, Any]) -> str:
    """The passage a figure row cites, named as :func:`place` does."""
    return place(row["location"], row["paragraph"] if row["location"] == "paragraph" else row["box"])


def _checked_place(entry: Mapping[str, str], text: str, known: set[str], regions: set[str]) -> str | None:
    """The place one curated row codes, after checking it against the cited passage ``text``."""
    label = f"{entry['file']}: {entry['id']}"
    iso3, region, quote = entry["iso3"], entry["region"], entry["quote"]
    if not (iso3 or region):
        if quote or not entry["note"].strip():
            raise CountryError(f"{label}: a row without a place has no quote and says why in 'note'")
        return None
    if iso3 and region:
        raise CountryError(f"{label}: one place per row, {iso3} or {region!r}")
    if iso3 and iso3 not in known:
        raise CountryError(f"{label}: unknown code {iso3}")
    if region and region not in regions:
        raise CountryError(f"{label}: {region!r} is not a region of tools/curated/regions.csv")
    if not quote or folded_text(quote) not in folded_text(text):
        raise CountryError(f"{label}: the quote {quote!r} is not in the cited passage")
    named = find_places(quote)
    if (iso3 and iso3 not in named.iso3) or (region and region not in named.regions):
        raise CountryError(f"{label}: the quote {quote!r} does not name {iso3 or region!r}")
    return iso3 or region


def tag_figures(rows: Sequence[Row], texts: Mapping[str, str]) -> list[Row]:
    """The figure rows with ``iso3`` and ``regions`` ("; "-separated, None when empty).

    The places are those of the hand review (:func:`figure_places`), each
    checked here: its figure exists, its code or region is known, its quote
    is in the passage the figure cites (``texts`` maps ``where(row)`` to it)
    and names that place.
    """
    by_id = {row["id"]: row for row in rows}
    known = set(_data()["countries"]) | set(unlisted())
    regions = {r for r in _regions().values() if r}
    codes: dict[str, dict[str, None]] = {}
    names: dict[str, dict[str, None]] = {}
    unplaced: set[str] = set()
    for entry in figure_places():
        row = by_id.get(entry["id"])
        if row is None:
            raise CountryError(f"{entry['file']}: no figure {entry['id']!r}")
        found = _checked_place(entry, texts[where(row)], known, regions)
        if found is None:
            unplaced.add(entry["id"])
            continue
        into = codes if entry["iso3"] else names
        if found in into.setdefault(entry["id"], {}):
            raise CountryError(f"{entry['file']}: {entry['id']} codes {found} twice")
        into[entry["id"]][found] = None
    both = sorted(unplaced & (set(codes) | set(names)))
    if both:
        raise CountryError(f"figures both placed and recorded as without a place: {both}")
    return [{**row, "iso3": "; ".join(codes.get(row["id"], ())) or None,
             "regions": "; ".join(names.get(row["id"], ())) or None} for row in rows]
