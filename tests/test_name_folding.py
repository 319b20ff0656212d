"""One name-folding rule (iom_annual._core.folding.fold) at build time and at run time.

The pairs below are those a careless folding or a substring match confuses:
each must keep its own ISO3 code, at run time (``country``, ``staff_by_nationality``)
and at build time (``tools.countries.lookup`` and ``find_places``).
"""

from __future__ import annotations

import pytest

import iom_annual
from iom_annual._core.folding import fold

# Printed name -> its ISO3 (from ISO 3166-1, not from the code under test).
CONFUSABLE = {
    "Congo": "COG",
    "Democratic Republic of the Congo": "COD",
    "the Democratic Republic of Congo": "COD",
    "Niger": "NER",
    "the Niger": "NER",
    "Nigeria": "NGA",
    "Sudan": "SDN",
    "South Sudan": "SSD",
    "Guinea": "GIN",
    "Guinea-Bissau": "GNB",
    "Equatorial Guinea": "GNQ",
    "Papua New Guinea": "PNG",
    "Republic of Korea": "KOR",
    "Democratic People's Republic of Korea": "PRK",
    "Dominica": "DMA",
    "Dominican Republic": "DOM",
}


@pytest.mark.parametrize(("text", "key"), [
    ("Lao People’s Democratic Republic", "lao people's democratic republic"),
    ("LAO PEOPLE'S  DEMOCRATIC\nREPUBLIC", "lao people's democratic republic"),
    ("Côte d’Ivoire", "cote d'ivoire"),
    ("Türkiye", "turkiye"),
    ("Guinea–Bissau", "guinea-bissau"),
    ("The Gambia", "gambia"),
    ("  the Niger ", "niger"),
    ("Other", "other"),
])
def test_fold(text: str, key: str) -> None:
    assert fold(text) == key


def test_fold_keeps_different_names_apart() -> None:
    keys = {fold(name) for name in CONFUSABLE if not name.startswith("the ")}
    assert len(keys) == len([n for n in CONFUSABLE if not n.startswith("the ")])
    # "the" is dropped only as a leading word
    assert fold("Democratic Republic of the Congo") != fold("Democratic Republic of Congo")


@pytest.mark.parametrize(("name", "iso3"), CONFUSABLE.items())
def test_runtime_resolves_each_to_its_own_code(name: str, iso3: str) -> None:
    printed = set(iom_annual.countries()["iso3"])
    if name == "Congo":  # the report's (UN) name of COG, but people also call COD "Congo": never guessed
        with pytest.raises(iom_annual.AmbiguousCountryError, match=r"\(COD\).*\(COG\)"):
            iom_annual.country(name)
        return
    if iso3 not in printed:  # not in the annexes (Equatorial Guinea, the DPRK)
        with pytest.raises(iom_annual.UnknownCountryError):
            iom_annual.country(name)
        return
    assert iom_annual.country(name).iso3 == iso3
    assert iom_annual.country(name.upper()).iso3 == iso3


@pytest.mark.parametrize(("name", "iso3"), CONFUSABLE.items())
def test_build_resolves_each_to_its_own_code(name: str, iso3: str) -> None:
    from tools.countries import find_places, lookup

    info = lookup(name)
    assert info is not None and info.iso3 == iso3
    found = find_places(f"IOM worked in {name}, with partners.")
    assert found.iso3 == (iso3,), found


def test_build_reads_lists_of_confusable_names() -> None:
    from tools.countries import find_places

    text = ("Offices in Guinea, Guinea-Bissau, Equatorial Guinea and Papua New Guinea; in the Niger and "
            "Nigeria; in Sudan and South Sudan; in the Congo and the Democratic Republic of the Congo; "
            "in the Republic of Korea and the Democratic People’s Republic of Korea.")
    assert find_places(text).iso3 == ("GIN", "GNB", "GNQ", "PNG", "NER", "NGA", "SDN", "SSD",
                                      "COG", "COD", "KOR", "PRK")


def test_build_keeps_regions_apart_from_countries() -> None:
    from tools.countries import find_places

    found = find_places("Across Africa, West and Central Africa, South Africa, the Central African Republic "
                        "and the Lake Chad Basin.")
    assert found.iso3 == ("ZAF", "CAF")
    assert found.regions == ("Africa", "West and Central Africa", "Lake Chad Basin")


def test_build_ignores_lower_case_words() -> None:
    from tools.countries import find_places

    assert find_places("a turkey, a chad and a jordan almond").iso3 == ()


def test_staff_lookup_uses_the_same_folding() -> None:
    annex_iii = iom_annual.staff_by_nationality("professional", "LAO PEOPLE'S DEMOCRATIC REPUBLIC")
    assert annex_iii["nationality"].to_list() == ["Lao People’s Democratic Republic"]
    assert iom_annual.staff_by_nationality("general_service", "côte d’ivoire")["iso3"].to_list() == ["CIV"]
    assert iom_annual.staff_by_nationality("professional", "the Niger")["iso3"].to_list() == ["NER"]
