"""The places of the narrative figures: ``key_figures.iso3`` and ``regions``.

Each code is a decision of the hand review in ``tools/curated/figure_places_*.csv``:
one row per figure and place, with the words of the cited passage that make the
place the figure's own.  These tests read the curated files and the report
text themselves, with the package's name folding, not the build's code.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import TYPE_CHECKING, Any

import polars as pl
import pytest

import iom_annual
from iom_annual._core.folding import fold
from tests.conftest import ROOT
from tests.conftest import key_figure_rows as rows
from tests.conftest import key_figures as figures

if TYPE_CHECKING:
    from pathlib import Path

CURATED = ROOT / "tools" / "curated"


COLUMNS = ["id", "iso3", "region", "quote", "note"]


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _decisions() -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    paths = sorted(CURATED.glob("figure_places_*.csv"))
    assert [p.name for p in paths] == [f"figure_places_{part}.csv" for part in "abcd"]
    for path in paths:
        with path.open(encoding="utf-8", newline="") as fh:
            assert next(csv.reader(fh)) == COLUMNS, path.name
        rows += _read(path)
    return rows


DECISIONS = _decisions()


def _spellings() -> dict[str, set[str]]:
    """ISO3 -> every folded spelling: the countries table, then the curated aliases."""
    names: dict[str, set[str]] = {}
    for iso3, name, aliases in iom_annual.countries().select("iso3", "name", "aliases").rows():
        names[iso3] = {fold(n) for n in (name, *(aliases.split("; ") if aliases else ()))}
    for row in _read(CURATED / "country_aliases.csv"):
        names.setdefault(row["iso3"], set()).add(fold(row["printed"]))
    return names


def _region_spellings() -> dict[str, set[str]]:
    """Region -> the folded forms the report prints for it (tools/curated/regions.csv)."""
    found: dict[str, set[str]] = {}
    for row in _read(CURATED / "regions.csv"):
        if row["region"]:
            found.setdefault(row["region"], set()).add(fold(row["printed"]))
    return found


def _mentions(text: str, spelling: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(spelling)}(?![^\W\d_]|-)", fold(text)) is not None


def _flat(text: str) -> str:
    """White space, quote and dash styles folded, so that a quote is found across line breaks."""
    table = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "-", "\u2014": "-"})
    return " ".join(text.split()).translate(table)


def _passage(row: dict[str, Any], segments: dict[tuple[str, int | None], Any]) -> str:
    number = {"foreword": None, "paragraph": row["paragraph"], "box": row["box"]}[row["location"]]
    return str(segments[(row["location"], number)].text)




# --- the curated review ------------------------------------------------------------


def test_every_row_is_one_place_or_a_reasoned_none() -> None:
    assert len(DECISIONS) > 200
    known = set(iom_annual.countries()["iso3"]) | {"XKX"}  # Kosovo: user-assigned, documented
    regions = set(_region_spellings())
    seen: set[tuple[str, str]] = set()
    for row in DECISIONS:
        assert row["id"] in rows(), row
        if row["iso3"] or row["region"]:
            assert bool(row["iso3"]) != bool(row["region"]), row  # one place per row
            assert row["iso3"] in known or row["region"] in regions, row
            assert row["quote"].strip(), row
            key = (row["id"], row["iso3"] or row["region"])
            assert key not in seen, key
            seen.add(key)
        else:  # a figure whose sentence names a place that is not its own: why
            assert not row["quote"] and len(row["note"]) > 20, row
            assert not any(r["id"] == row["id"] and (r["iso3"] or r["region"]) for r in DECISIONS), row


def test_every_quote_is_in_the_cited_passage_and_names_its_place(
        segments: dict[tuple[str, int | None], Any]) -> None:
    spellings, region_forms = _spellings(), _region_spellings()
    for row in DECISIONS:
        if not row["quote"]:
            continue
        figure = rows()[row["id"]]
        assert _flat(row["quote"]) in _flat(_passage(figure, segments)), (row["id"], row["quote"])
        forms = spellings[row["iso3"]] if row["iso3"] else region_forms[row["region"]]
        assert any(_mentions(row["quote"], form) for form in forms), (row["id"], row["iso3"] or row["region"])


def test_the_codes_are_the_curated_decisions() -> None:
    want: dict[str, dict[str, list[str]]] = {}
    for row in DECISIONS:
        places = want.setdefault(row["id"], {"iso3": [], "regions": []})
        if row["iso3"]:
            places["iso3"].append(row["iso3"])
        elif row["region"]:
            places["regions"].append(row["region"])
    for figure_id, row in rows().items():
        places = want.get(figure_id, {"iso3": [], "regions": []})
        assert row["iso3"] == places["iso3"], figure_id
        assert row["regions"] == places["regions"], figure_id
    assert sum(len(r["iso3"]) for r in rows().values()) == sum(1 for r in DECISIONS if r["iso3"])


def test_a_figure_whose_sentence_names_a_place_was_decided(
        segments: dict[tuple[str, int | None], Any]) -> None:
    # A guard on the review: where the sentence that prints the number names a
    # country or region, the figure has a place or a row saying why it has none.
    from tools.countries import find_places, sentence

    decided = {row["id"] for row in DECISIONS}
    named = 0
    for figure_id, row in rows().items():
        found = find_places(sentence(_passage(row, segments), row["as_printed"]))
        if found.iso3 or found.regions:
            named += 1
            assert figure_id in decided, (figure_id, found.iso3, found.regions)
    assert named > 60


def test_the_curated_country_lists_are_coded() -> None:
    # The free-text 'countries' column lists what makes up a count; each name is
    # one of the row's countries or regions.
    for row in figures().filter(pl.col("countries").is_not_null()).iter_rows(named=True):
        regions = {fold(r) for r in row["regions"]}
        for name in row["countries"].split("; "):
            if name == "Kosovo":
                assert "XKX" in row["iso3"]
            elif not (fold(name) in regions or fold(name) + " region" in regions):
                assert iom_annual.country(name).iso3 in row["iso3"], (row["id"], name)


# --- the cases issue 17 found wrong --------------------------------------------------


def _codes(figure_id: str) -> list[str]:
    return list(rows()[figure_id]["iso3"])


@pytest.mark.parametrize(("metric", "code"), [
    ("avr_host_niger_share_pct", "NER"), ("avr_host_germany_share_pct", "DEU"),
    ("avr_host_libya_share_pct", "LBY"), ("avr_origin_guinea_share_pct", "GIN"),
    ("avr_origin_mali_share_pct", "MLI"), ("avr_origin_ethiopia_share_pct", "ETH"),
])
def test_each_share_of_paragraph_55_is_its_own_country(metric: str, code: str) -> None:
    assert _codes(f"assisted_voluntary_return.{metric}") == [code]


def test_countries_that_belong_to_another_clause_or_only_locate_are_not_coded() -> None:
    # Box 11: the six and the ten each have their own four examples.
    mgi = "migration_governance.mgi_countries_using_results_in_gc"
    assert _codes(f"{mgi}_plans") == ["KHM", "DJI", "IRQ", "MDA"]
    assert _codes(f"{mgi}_reviews") == ["ALB", "CAN", "MEX", "ZMB"]
    # Box 2: the neighbours only locate the provinces.
    for metric in ("health_staff_deployed", "health_provinces_covered", "health_staff_before_august"):
        assert _codes(f"afghanistan.{metric}") == ["AFG"]
    # Paragraph 19: a global team; the six countries are the 40 countries' examples.
    assert _codes("emergency_health.health_team_staff") == []
    assert "YEM" in _codes("emergency_health.project_countries")
    # Paragraph 52: Afghans resettled to the United States from Qatar and Germany (the transit
    # countries of the same clause), not to the other programmes' countries.
    oaw = "resettlement.operation_allies_welcome_afghans_resettled"
    assert sorted(_codes(oaw)) == ["AFG", "DEU", "QAT", "USA"]
    # Box 3 and paragraph 26.
    assert _codes("accountability_to_affected_populations.ethiopia_hotline_languages") == ["ETH"]
    assert _codes("humanitarian_coordination.venezuela_regional_response_platforms") == ["VEN"]
    # Box 8: Kenya is where the laboratory is, not where the staff were accredited.
    assert _codes("migration_health.first_line_of_defence_clinical_staff_accredited") == []


def test_each_social_media_campaign_has_its_own_region() -> None:
    assert rows()["global_compact.social_media_reach_arab_region_review"]["regions"] == ["Arab region"]
    assert rows()["global_compact.social_media_reach_africa_review"]["regions"] == ["Africa"]
    campaigned = rows()["global_compact.regional_review_processes_campaigned"]
    assert campaigned["regions"] == ["Arab region", "Africa"]


def test_the_european_economic_area_is_a_region_of_its_figures() -> None:
    # Paragraph 55 calls it the main "host region" (34 per cent); paragraph 49 counts
    # 16 destination countries in it. Greece, Italy and Malta stay the 2,853's origins.
    avr = rows()["assisted_voluntary_return.avr_host_region_eea_share_pct"]
    assert (avr["iso3"], avr["regions"]) == ([], ["European Economic Area"])
    destinations = rows()["resettlement.eea_relocation_destination_countries"]
    assert destinations["regions"] == ["European Economic Area"]
    relocated = rows()["resettlement.eea_relocation_beneficiaries"]
    assert (relocated["iso3"], relocated["regions"]) == (["GRC", "ITA", "MLT"], ["European Economic Area"])


def test_regions_are_not_countries() -> None:
    imrf = rows()["migration_governance.imrf_regional_review_meetings"]
    assert imrf["iso3"] == []
    assert imrf["regions"] == ["Arab region", "Asia and the Pacific", "Latin America and the Caribbean",
                               "Africa"]
    codes = {c for v in figures()["iso3"] for c in v}
    assert codes - set(iom_annual.countries()["iso3"]) == {"XKX"}  # Kosovo, documented


def test_printed_forms_resolve() -> None:
    assert _codes("assisted_voluntary_return.avr_host_niger_share_pct") == ["NER"]  # "the Niger"
    # printed "the Democratic Republic of Congo"
    assert "COD" in _codes("resettlement.top_repatriation_destination_countries")
    assert "FSM" in _codes("shelter.nfi_hub_recipient_missions")  # "Federated States of Micronesia"
    assert "XKX" in _codes("gender_based_violence.missions_with_gbv_action_plans")


# --- the list columns ----------------------------------------------------------------


def test_iso3_and_regions_are_lists_in_the_frame() -> None:
    for frame in (figures(), iom_annual.load("key_figures")):
        assert frame.schema["iso3"] == frame.schema["regions"] == pl.List(pl.String)
        assert frame["iso3"].null_count() == frame["regions"].null_count() == 0  # empty, never null
    box2 = figures().filter(location="box", box=2)
    assert set(figures().filter(pl.col("iso3").list.contains("AFG"))["id"]) >= set(box2["id"])
    assert set(figures().explode("iso3").filter(iso3="NER")["id"]) == set(
        figures().filter(pl.col("iso3").list.contains("NER"))["id"])
    assert iom_annual.dataset("key_figures").column("iso3").type == "list"


def test_csv_keeps_the_joined_form_and_other_formats_the_lists(tmp_path: Path) -> None:
    bundled = (ROOT / "src" / "iom_annual" / "data" / "key_figures.csv").read_text(encoding="utf-8")
    cells = {r["id"]: (r["iso3"], r["regions"]) for r in csv.DictReader(io.StringIO(bundled))}
    exported = iom_annual.export("key_figures", "csv").decode("utf-8")
    for row in csv.DictReader(io.StringIO(exported)):
        assert (row["iso3"], row["regions"]) == cells[row["id"]]
        assert row["iso3"] == "; ".join(rows()[row["id"]]["iso3"])
    assert cells["assisted_voluntary_return.vhr_migrants_returned"][0] == "LBY; YEM; BGD; ETH; MLI; NER"
    hxl = iom_annual.export("key_figures", "csv", hxl=True).decode("utf-8").splitlines()
    assert hxl[0] == exported.splitlines()[0] and hxl[2:] == exported.splitlines()[1:]
    exported_rows = json.loads(iom_annual.export("key_figures", "json"))
    by_id = {r["id"]: r for r in exported_rows}
    assert by_id["assisted_voluntary_return.vhr_migrants_returned"]["iso3"] == [
        "LBY", "YEM", "BGD", "ETH", "MLI", "NER"]
    assert by_id["wash.people_supported"]["iso3"] == []
    iom_annual.export("key_figures", "parquet", tmp_path / "kf.parquet")
    back = pl.read_parquet(tmp_path / "kf.parquet")
    assert back.schema["iso3"] == pl.List(pl.String)
    assert back.select("id", "iso3", "regions").equals(figures().select("id", "iso3", "regions"))


def test_the_data_package_reads_the_lists() -> None:
    descriptor = json.loads((ROOT / "src" / "iom_annual" / "data" / "datapackage.json").read_text("utf-8"))
    resource = next(r for r in descriptor["resources"] if r["name"] == "key_figures")
    fields = {f["name"]: f for f in resource["schema"]["fields"]}
    for name in ("iso3", "regions"):
        field = fields[name]
        assert (field["type"], field["delimiter"], field["itemType"]) == ("list", "; ", "string")
    assert fields["countries"]["type"] == "string"


def test_a_figure_record_holds_tuples() -> None:
    vhr = iom_annual.figure("assisted_voluntary_return.vhr_migrants_returned")
    assert vhr.iso3 == ("LBY", "YEM", "BGD", "ETH", "MLI", "NER") and vhr.regions == ()
    assert iom_annual.Figure.model_validate(rows()[vhr.id]) == vhr


# --- the build refuses a decision the text does not bear out --------------------------


@pytest.mark.parametrize(("change", "problem"), [
    ({"quote": "six countries – including Cambodia, Djibouti, Iraq and Albania"}, "not in the cited passage"),
    ({"iso3": "ALB"}, "does not name 'ALB'"),
    ({"iso3": "QQQ"}, "unknown code QQQ"),
    ({"iso3": "", "region": "Sahel"}, "not a region"),
    ({"iso3": "", "quote": ""}, "says why in 'note'"),
    ({"id": "migration_governance.no_such_figure"}, "no figure"),
])
def test_the_build_refuses_a_decision_the_text_does_not_bear_out(
        monkeypatch: pytest.MonkeyPatch, segments: dict[tuple[str, int | None], Any],
        change: dict[str, str], problem: str) -> None:
    from tools import countries

    good = {"id": "migration_governance.mgi_countries_using_results_in_gc_plans", "iso3": "KHM", "region": "",
            "quote": "six countries – including Cambodia, Djibouti, Iraq and the Republic of Moldova",
            "note": "", "file": "figure_places_c.csv"}
    rows = [dict(r) for r in figures().with_columns(pl.lit(None).alias("iso3"), pl.lit(None).alias("regions"))
            .iter_rows(named=True)]
    texts = {countries.where(r): _passage(r, segments) for r in rows}
    monkeypatch.setattr(countries, "figure_places", lambda: (good,))
    tagged = {r["id"]: r for r in countries.tag_figures(rows, texts)}
    assert tagged[good["id"]]["iso3"] == "KHM" and tagged["wash.people_supported"]["iso3"] is None
    monkeypatch.setattr(countries, "figure_places", lambda: ({**good, **change},))
    with pytest.raises(countries.CountryError, match=re.escape(problem)):
        countries.tag_figures(rows, texts)


def test_the_docs_count_the_places_from_the_data() -> None:
    # docs/_ext/iom_docs.py (places_summary) writes the counts of codes, figures,
    # countries and regions at build time; typed into the page they would go stale.
    page = (ROOT / "docs" / "data-quality.md").read_text(encoding="utf-8")
    section = page.split("## The places of each figure", 1)[1].split("\n## ", 1)[0]
    assert "_generated/snippets/quality/places.md" in section
    typed = re.findall(r"\b\d+ (?:country )?(?:codes|figures|countries|regions)\b", section)
    assert typed == [], typed
    # The earlier rule's codes, which the page compares with the review, name figures that
    # exist (a renamed figure would otherwise drop out of the comparison unseen).
    before = _read(ROOT / "docs" / "_data" / "places_sentence_rule.csv")
    assert len(before) > 400 and {r["id"] for r in before} <= set(rows())
