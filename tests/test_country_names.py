"""Every name people use for a country resolves, and an ambiguous one is never guessed.

``tests/data/country_names.csv`` was written before the name table was built,
from common usage (journalistic, former, local and official names,
abbreviations, demonyms and codes), not from the code under test: each row
gives the ISO3 code a reader means, or AMBIGUOUS with the candidates.
"""

from __future__ import annotations

import csv
import pickle
import re
from typing import TYPE_CHECKING

import pytest

import iom_annual
from iom_annual._core.folding import fold
from iom_annual._countries import country_candidates, resolve_country_name
from tests.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

CURATED = ROOT / "tools" / "curated"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


NAMES = _csv(ROOT / "tests" / "data" / "country_names.csv")
PROFILED = set(iom_annual.countries()["iso3"])


def test_the_list_is_large_and_varied() -> None:
    assert len(NAMES) >= 300
    kinds = {r["kind"] for r in NAMES}
    wanted = {"abbreviation", "former", "demonym", "local", "official", "iso2", "iso3", "m49", "ambiguous"}
    assert wanted <= kinds


@pytest.mark.parametrize("row", NAMES, ids=[r["name"] for r in NAMES])
def test_every_name_resolves_to_its_code(row: dict[str, str]) -> None:
    name, expected = row["name"], row["expected"]
    if expected == "AMBIGUOUS":
        wanted = tuple(sorted(row["candidates"].split("; ")))
        assert country_candidates(name) == wanted
        with pytest.raises(iom_annual.AmbiguousCountryError) as raised:
            iom_annual.country(name)
        assert tuple(re.findall(r"\((\w{3})\)$", c)[0] for c in raised.value.candidates) == wanted
        for code in wanted:
            assert f"({code})" in str(raised.value)
        return
    assert resolve_country_name(name) == expected
    if expected in PROFILED:
        assert iom_annual.country(name).iso3 == expected
    else:  # a country the annexes do not print: named in the error, never another country's profile
        with pytest.raises(iom_annual.UnknownCountryError, match=rf"\({expected}\), which the report"):
            iom_annual.country(name)


@pytest.mark.parametrize(("name", "iso3"), [
    ("DRC", "COD"), ("Syria", "SYR"), ("Russia", "RUS"), ("Iran", "IRN"), ("South Korea", "KOR"),
    ("Vietnam", "VNM"), ("Ivory Coast", "CIV"), ("Türkiye", "TUR"), ("UK", "GBR"), ("US", "USA"),
    ("Tanzania", "TZA"), ("Burma", "MMR"), ("Swaziland", "SWZ"),
])
def test_the_reported_names(name: str, iso3: str) -> None:
    assert iom_annual.country(name).iso3 == iso3
    assert set(iom_annual.staff_by_nationality(nationality=name)["iso3"]) == {iso3}


def test_nationality_arguments_read_the_same_names() -> None:
    kenya = iom_annual.staff_by_nationality("professional", "KEN").row(0, named=True)
    for name in ("Kenyan", "Republic of Kenya", "KE", "404"):
        assert iom_annual.staff_by_nationality("professional", name).row(0, named=True) == kenya
        assert iom_annual.nationality_staff(name, "professional").total == kenya["total"]
    # The annexes' own spelling is that row, as printed, although "Congo" is ambiguous elsewhere.
    assert set(iom_annual.staff_by_nationality(nationality="Congo")["iso3"]) == {"COG"}
    with pytest.raises(iom_annual.AmbiguousCountryError):
        iom_annual.staff_by_nationality(nationality="Korea")
    with pytest.raises(iom_annual.UnknownNationalityError):
        iom_annual.staff_by_nationality(nationality="Atlantis")


def test_ambiguous_error_is_typed_and_pickles() -> None:
    with pytest.raises(iom_annual.AmbiguousCountryError) as raised:
        iom_annual.country("Korea")
    error = raised.value
    assert isinstance(error, iom_annual.UnknownCountryError)
    assert isinstance(error, iom_annual.UnknownNationalityError)
    assert error.candidates == ("Republic of Korea (KOR)", "Democratic People's Republic of Korea (PRK)")
    again = pickle.loads(pickle.dumps(error))
    assert (str(again), again.candidates) == (str(error), error.candidates)


def test_plural_only_of_demonyms() -> None:
    assert resolve_country_name("Afghans") == "AFG"
    assert resolve_country_name("Filipinos") == "PHL"
    assert resolve_country_name("Kenyas") is None
    assert resolve_country_name("Atlantis") is None
    assert country_candidates("") == ()
    assert country_candidates(4) == () and resolve_country_name(None) is None  # type: ignore[arg-type]


def test_the_table_is_folded_and_coded() -> None:
    table = iom_annual.load("country_names")
    known = set(iom_annual.countries()["iso3"]) | {"XKX"}
    rows = table.rows(named=True)
    assert all(r["key"] == fold(r["name"]) for r in rows)
    assert all(re.fullmatch(r"[A-Z]{3}", r["iso3"]) for r in rows)
    assert known <= set(table["iso3"])
    # every report spelling and every code of every profiled country is a key for it
    for iso3, m49, name in iom_annual.countries().select("iso3", "m49", "name").rows():
        for text in (iso3, m49, name):
            assert iso3 in country_candidates(text)


# --- the curated lists -------------------------------------------------------------

CURATED_NAMES = _csv(CURATED / "country_names.csv")
AMBIGUOUS = _csv(CURATED / "ambiguous_country_names.csv")
# Curated names that hdx's own matching patterns (its Regex column) do not find, and why.
NOT_IN_HDX_PATTERNS = {
    "America": "a continent's name too; hdx matches only 'United States'",
    "ROK": "hdx's patterns hold no abbreviation of the Republic of Korea",
    "KSA": "hdx's patterns hold no abbreviation of Saudi Arabia",
    "PRC": "hdx's patterns hold no abbreviation of China",
    "Kosovo": "no ISO 3166-1 code; XKX is user-assigned",
    "Kosovar": "no ISO 3166-1 code; XKX is user-assigned",
    "Moldavia": "hdx matches 'moldov' only",
    "Tanganyika": "hdx matches 'tanzania' only",
    "Saudi": "hdx's pattern wants 'Arabia' after it",
    "Salvadorean": "a demonym; hdx's pattern is the country's name",
    "Comorian": "a demonym; hdx's pattern is the country's name",
}


def test_curated_rows_have_reasons_and_are_found_by_hdx_patterns() -> None:
    from tools.countries import _data

    countries = _data()["countries"]
    unmatched = set()
    for row in CURATED_NAMES:
        assert row["reason"].strip() and row["kind"], row
        assert resolve_country_name(row["name"]) == row["iso3"], row
        pattern = countries.get(row["iso3"], {}).get("Regex")
        if not pattern or not re.search(pattern, row["name"], re.IGNORECASE):
            unmatched.add(row["name"])
    assert unmatched == set(NOT_IN_HDX_PATTERNS)


def test_curated_rows_add_what_the_libraries_lack() -> None:
    from tools import country_names as cn

    library = {(fold(r["name"]), r["iso3"]) for r in (*cn._hdx(), *cn._countryinfo())}
    for row in CURATED_NAMES:
        assert (fold(row["name"]), row["iso3"]) not in library, f"{row['name']} is already in the libraries"


def test_every_ambiguous_name_raises_with_its_candidates() -> None:
    assert AMBIGUOUS
    for row in AMBIGUOUS:
        codes = tuple(sorted(c.strip() for c in row["candidates"].split(";")))
        assert row["reason"].strip()
        assert country_candidates(row["name"]) == codes
        with pytest.raises(iom_annual.AmbiguousCountryError):
            resolve_country_name(row["name"])


def test_build_refuses_an_unlisted_ambiguous_name(monkeypatch: pytest.MonkeyPatch) -> None:
    from tools import country_names as cn

    listed = {k: v for k, v in cn.ambiguous().items() if k != "korea"}
    monkeypatch.setattr(cn, "ambiguous", lambda: listed)
    with pytest.raises(cn.NamesError, match="'korea'"):
        cn.table()
