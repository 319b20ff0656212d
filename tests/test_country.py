"""Country profiles, the countries table and the countries of the narrative figures."""

from __future__ import annotations

import csv
import re
from collections import Counter
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import iom_annual
from iom_annual._core.folding import fold
from tests.conftest import ROOT

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

CURATED = ROOT / "tools" / "curated"


def _curated(name: str) -> list[dict[str, str]]:
    with (CURATED / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --- the profile -----------------------------------------------------------------


def test_profile_of_kenya() -> None:
    kenya = iom_annual.country("Kenya")
    row = iom_annual.countries().filter(iso3="KEN").row(0, named=True)
    assert (kenya.iso3, kenya.m49, kenya.name) == ("KEN", "404", "Kenya")
    assert (kenya.region, kenya.sub_region) == (row["region"], row["subregion"])
    assert (kenya.region, kenya.sub_region) == ("Africa", "Sub-Saharan Africa")
    assert kenya.member_state is True and kenya.oecd_dac_2021 is False
    assert kenya.staff.columns == iom_annual.staff_by_nationality().columns
    assert kenya.staff.select("category", "total").rows() == [("general_service", 324), ("professional", 115)]


def test_every_spelling_and_code_resolves() -> None:
    ambiguous = 0
    for iso3, m49, name, aliases in iom_annual.countries().select("iso3", "m49", "name", "aliases").rows():
        for text in (name, *(aliases.split("; ") if aliases else ()), iso3, iso3.lower(), m49, int(m49)):
            if text == "Congo":  # the annexes' name of COG, which people also use for COD
                with pytest.raises(iom_annual.AmbiguousCountryError, match=r"\(COD\).*\(COG\)"):
                    iom_annual.country(text)
                ambiguous += 1
                continue
            assert iom_annual.country(text).iso3 == iso3, text
    assert ambiguous == 1
    assert iom_annual.country("Lao People's Democratic Republic").iso3 == "LAO"
    assert iom_annual.country("Lao People’s Democratic Republic").iso3 == "LAO"
    assert iom_annual.country("Federated States of Micronesia").iso3 == "FSM"
    assert iom_annual.country("cote d'ivoire").iso3 == "CIV"


def _standing_oracle(category: str) -> dict[str, tuple[int, int, float]]:
    """Staff, competition rank and share per ISO3, counted in plain Python."""
    rows = iom_annual.staff_by_nationality().rows(named=True)
    if category != "all":
        rows = [r for r in rows if r["category"] == category]
    total = sum(r["total"] for r in rows)  # 'Other' included: the annex totals
    staff: Counter[str] = Counter()
    for r in rows:
        if r["iso3"] is not None:
            staff[r["iso3"]] += r["total"]
    return {iso3: (n, 1 + sum(1 for m in staff.values() if m > n), n * 100 / total)
            for iso3, n in staff.items()}


@pytest.mark.parametrize("category", ["general_service", "professional", "all"])
def test_rank_and_share_match_a_plain_count(category: str) -> None:
    oracle = _standing_oracle(category)
    for iso3 in ("KEN", "PHL", "LAO", "BRB", "USA", "VAT"):
        profile = iom_annual.country(iso3)
        if iso3 not in oracle:
            assert profile.rank(category) is None and profile.share(category) is None  # type: ignore[arg-type]
            continue
        staff, rank, share = oracle[iso3]
        assert profile.rank(category) == rank  # type: ignore[arg-type]
        assert profile.share(category) == pytest.approx(share)  # type: ignore[arg-type]
        row = profile.standing.filter(category=category).row(0, named=True)
        assert (row["staff"], row["ranked"]) == (staff, len(oracle))


def test_ties_share_the_best_rank() -> None:
    standing = pl.concat([iom_annual.country(c).standing.filter(category="professional")
                          for c in iom_annual.countries()["iso3"]], how="vertical")
    zero = standing.filter(staff=0)
    assert zero.height > 1 and zero["rank"].n_unique() == 1
    assert zero["rank"].item(0) == standing.filter(pl.col("staff") > 0).height + 1


def test_shares_and_other_add_up_to_100() -> None:
    # the shares of all named countries and 'Other' add up to 100 per category
    for category in ("general_service", "professional"):
        staff = iom_annual.staff_by_nationality(category)
        other, total = staff.filter(pl.col("iso3").is_null())["total"].sum(), staff["total"].sum()
        shares = sum(s for c in iom_annual.countries()["iso3"]
                     if (s := iom_annual.country(c).share(category)) is not None)  # type: ignore[arg-type]
        assert shares + other * 100 / total == pytest.approx(100)


def test_figures_about_a_country() -> None:
    niger = iom_annual.country("the Niger")
    assert niger.figures.columns[0] == "id"
    assert "assisted_voluntary_return.avr_host_niger_share_pct" in niger.figures["id"].to_list()
    assert all("NER" in codes for codes in niger.figures["iso3"])
    afghanistan = iom_annual.country("AFG").figures
    box2 = iom_annual.key_figures().filter(location="box", box=2)
    assert set(box2["id"]) <= set(afghanistan["id"])  # all of Box 2 is about Afghanistan
    # Nigeria and Niger are never mixed up
    assert not set(niger.figures["id"]) >= set(iom_annual.country("Nigeria").figures["id"])


def test_profiles_are_fresh_and_frozen() -> None:
    first = iom_annual.country("KEN")
    first.staff[0, "total"] = -1
    first.figures.clear()
    with pytest.raises(AttributeError):
        first.iso3 = "XXX"  # type: ignore[misc]
    again = iom_annual.country("KEN")
    assert again.staff["total"].min() > 0
    assert iom_annual.load("staff_by_nationality").filter(iso3="KEN")["total"].min() > 0


def test_unknown_country_suggests() -> None:
    with pytest.raises(iom_annual.UnknownCountryError, match="'Nigeria'") as info:
        iom_annual.country("Nigerai")
    assert isinstance(info.value, iom_annual.UnknownNationalityError)
    assert "Niger" in info.value.options and "KEN" in info.value.options
    for bad in ("Other", "Kosovo", "Africa", "", "XKX", "999", -4):
        with pytest.raises(iom_annual.UnknownCountryError):
            iom_annual.country(bad)
    for wrong in (True, None, 3.0):  # a wrong type: no close matches (issue 18)
        with pytest.raises(TypeError, match=type(wrong).__name__):
            iom_annual.country(wrong)  # type: ignore[arg-type]


def test_rank_rejects_unknown_category() -> None:
    with pytest.raises(iom_annual.UnknownCategoryError, match="professional"):
        iom_annual.country("KEN").rank("profesional")  # type: ignore[arg-type]


def test_display() -> None:
    for iso3 in iom_annual.countries()["iso3"]:
        text = repr(iom_annual.country(iso3))
        assert "\n" not in text and len(text) <= 200 and iso3 in text
    profile = iom_annual.country("Lao People's Democratic Republic")
    page = profile._repr_html_()
    assert "Lao People&#x27;s Democratic Republic" in page and "Lao People's" not in page
    assert page.count("<table") == 2


@settings(max_examples=300, deadline=None, database=None)
@given(st.one_of(st.text(), st.integers(), st.sampled_from(["  KEN ", "ＫENYA", "the Niger", "004", "4"])))
@example("\x00")
@example("the ")
def test_country_never_crashes(text: Any) -> None:
    try:
        profile = iom_annual.country(text)
    except iom_annual.AmbiguousCountryError as error:  # a name of several countries: each listed
        assert len(error.candidates) >= 2 and all(f"{c}" in str(error) for c in error.candidates)
    except iom_annual.UnknownCountryError as error:
        assert "Valid options" in str(error)
    else:
        assert profile.iso3 in set(iom_annual.countries()["iso3"])


# --- the countries of the narrative figures --------------------------------------------
# (their codes: tests/test_figure_places.py)


def _mentions(text: str, spelling: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(spelling)}(?![^\W\d_]|-)", fold(text)) is not None


def test_curated_aliases_are_printed_in_the_report(source_path: Path) -> None:
    text = fold(source_path.read_text(encoding="utf-8"))
    rows = _curated("country_aliases.csv")
    assert rows
    for row in rows:
        assert _mentions(text, fold(row["printed"])), row["printed"]
        assert row["reason"].strip()


def test_first_profiles_from_many_threads(fresh_caches: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Threads racing on the name index and the ranking table all get the right profile."""
    import threading

    from iom_annual import _countries as _country

    builds: list[str] = []
    for cached in (_country._names, _country._standings):
        def counting(build: Callable[[], object] = cached.build, name: str = cached.build.__name__) -> object:
            builds.append(name)
            return build()

        monkeypatch.setattr(cached, "build", counting)
    queries = ["Kenya", "lao people’s democratic republic", "404", "the Niger", "Nigeria", "KOR"] * 2
    want = ["KEN", "LAO", "KEN", "NER", "NGA", "KOR"] * 2
    barrier = threading.Barrier(len(queries))
    got: dict[int, tuple[str, int | None]] = {}
    errors: list[BaseException] = []

    def work(i: int, query: str) -> None:
        try:
            barrier.wait()
            profile = iom_annual.country(query)
            got[i] = (profile.iso3, profile.rank())
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i, q)) for i, q in enumerate(queries)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [got[i][0] for i in range(len(queries))] == want
    assert sorted(builds) == ["_names", "_standings"]  # each built once
    for i, iso3 in enumerate(want):
        assert got[i][1] == _standing_oracle("all")[iso3][1]
