"""search(): what it finds for real questions, how it ranks, and how it fails.

The questions in ``data/search_questions.csv`` were written from the report's
text before the ranking was tuned.  ``dev`` questions were used to develop
it; ``held_out`` ones were not (one of their misses showed that a query naming
a country exactly must put the country first, which was then fixed);
``fresh`` ones were written after that last change to the ranking.  ``asked``
ones (35 questions about countries and in the words people type: "what does
the report say about Libya", "tell me about Somalia") were written before the
ranking learnt country codes and question framing, and were not tuned on; their
hit rate was 31 of 35 before that change.  ``plain`` ones (12 questions in
everyday words: "how much did IOM earn", "employees", "toilets") were written
before the search learnt the report's words for everyday ones; 8 of 12 hit
before that change, 10 after (and the two such questions of ``fresh`` and
``asked``, which missed before, hit).  Expected ids are checked against the
data, and the hit rates (an expected id among the first 10 results) against
floors.
"""

from __future__ import annotations

import csv
import functools
import re
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import iom_annual
from iom_annual import _search

QUESTIONS = list(csv.DictReader(
    (Path(__file__).parent / "data" / "search_questions.csv").read_text(encoding="utf-8").splitlines()))


# Read on first use, not at import: a loader bug fails tests, not the collection of the suite.
@functools.cache
def figures() -> pl.DataFrame:
    return iom_annual.key_figures()


@functools.cache
def countries() -> pl.DataFrame:
    return iom_annual.load("countries")


def _known_ids() -> dict[str, set[str]]:
    return {
        "figure": set(figures()["id"]),
        "dataset": {d.name for d in iom_annual.datasets()},
        "column": {f"{d.name}.{c.name}" for d in iom_annual.datasets() for c in d.columns},
        "theme": {t.name for t in iom_annual.themes()},
        "country": set(countries()["iso3"].drop_nulls()),
    }


def _hit_rate(*splits: str) -> tuple[float, list[str]]:
    rows = [q for q in QUESTIONS if q["split"] in splits]
    misses = []
    for q in rows:
        top = iom_annual.search(q["query"], limit=10)["id"].to_list()
        if not set(q["expected"].split(";")) & set(top):
            misses.append(q["query"])
    return 1 - len(misses) / len(rows), misses


def test_question_set_is_sound() -> None:
    known = _known_ids()
    assert len(QUESTIONS) >= 60
    assert {q["split"] for q in QUESTIONS} == {"dev", "held_out", "fresh", "asked", "plain"}
    assert sum(q["split"] == "dev" for q in QUESTIONS) * 2 <= len(QUESTIONS)  # at least half held out
    assert len({q["query"].casefold() for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        for expected in q["expected"].split(";"):
            assert expected in known[q["kind"]], (q["query"], expected)
        assert q["why"].strip()


def test_dev_questions_hit_the_top_10() -> None:
    rate, misses = _hit_rate("dev")
    assert rate >= 0.95, misses


def test_held_out_questions_hit_the_top_10() -> None:
    # Measured, not tuned on: the floor leaves room for the questions no word
    # rule can answer (a synonym, a demonym of another stem).
    rate, misses = _hit_rate("held_out", "fresh")
    assert rate >= 0.9, misses


def test_asked_questions_hit_the_top_10() -> None:
    # 31 of 35 (0.886) before countries were read as codes and frame words counted less.
    rate, misses = _hit_rate("asked")
    assert rate >= 0.94, misses


def test_plain_questions_hit_the_top_10() -> None:
    # 8 of 12 (0.67) before everyday words matched the report's ("spend": expenditure).
    rate, misses = _hit_rate("plain")
    assert rate >= 0.8, misses


THESAURUS = list(csv.DictReader((Path(__file__).parents[1] / "tools" / "curated" / "search_thesaurus.csv")
                                .read_text(encoding="utf-8").splitlines()))


def test_thesaurus_is_data_with_reasons_and_is_bundled_as_curated() -> None:
    assert len(THESAURUS) >= 100
    bundled = _search.thesaurus()
    assert bundled == {r["word"]: tuple(w.strip() for w in r["means"].split(";")) for r in THESAURUS}
    index = _search._index()
    for row in THESAURUS:
        assert row["reason"].strip(), row
        assert row["word"] == row["word"].casefold().strip(), row
        meant = bundled[row["word"]]
        assert row["word"] not in meant, row  # a word does not stand for itself
        assert all(word in index.postings for word in meant), row  # the report's words, indexed
    # Systematic: every theme of the report has everyday words for its vocabulary.
    covered = {t.strip() for row in THESAURUS for t in row["themes"].split(";")}
    assert covered == {t.name for t in iom_annual.themes()}
    # and the words the issue reported (gender, dues, jabs, budget, headcount, ...).
    assert {"gender", "sex", "dues", "jabs", "budget", "headcount", "rohingya", "cholera", "ombudsman",
            "complaints", "funding", "finance"} <= set(bundled)


def test_thesaurus_matches_weigh_less_than_the_word_as_typed() -> None:
    index = _search._index()
    housing = dict(index.matches("housing"))
    assert housing["housing"] > housing["shelter"] > 0
    assert "finance.total_expenditure" in iom_annual.search("spend", limit=3)["id"].to_list()
    hits = iom_annual.search("jabs", kind="figure", limit=5)
    assert set(hits["match"]) == {"related"}


@pytest.mark.parametrize(("query", "expected"), [
    ("how many staff does IOM have", "human_resources.staff_total"),
    ("how many member states", "membership.member_states"),
    ("gender parity", "diversity.staff_women_share_pct"),
    ("funding", "finance"),
    ("Rohingya", "BGD"),
    ("jabs", "covid19_vaccination.covid19_vaccination_programme_people_reached"),
    ("cholera", "emergency_health.people_vaccinated"),
    ("ombudsman complaints", "ombudsperson.staff_seeking_assistance"),
    ("resettlement to the US", "resettlement.usrap_refugees_admitted"),
])
def test_the_cases_reported_in_issue_17_answer_in_the_top_3(query: str, expected: str) -> None:
    assert expected in iom_annual.search(query, limit=3)["id"].to_list()


def test_the_body_figure_comes_before_its_restatement() -> None:
    hits = iom_annual.search("how many staff does IOM have", kind="figure", limit=20)["id"].to_list()
    assert hits.index("human_resources.staff_total") < hits.index("human_resources.staff_total_intro")
    rows = figures().to_dicts()
    restated = _search.restatements(rows)
    assert {"human_resources.staff_total_intro", "membership.member_states_intro",
            "crisis_response.idps_worldwide_foreword"} <= restated
    assert not {"human_resources.staff_total", "membership.member_states"} & restated
    by_id = {r["id"]: r for r in rows}
    for id_ in restated:  # each has a twin in its theme with its value and unit that is not one
        row = by_id[id_]
        assert any(o["id"] not in restated and (o["theme"], o["value"], o["unit"])
                   == (row["theme"], row["value"], row["unit"]) for o in rows), id_


def test_ties_never_fall_to_file_order(monkeypatch: pytest.MonkeyPatch) -> None:
    # Reversing the records changes nothing: the order comes from the scores and the tie-breakers.
    index = _search._index()
    hits = iom_annual.search("staff", limit=200)
    monkey = _search._Index(list(reversed(index.records)))
    monkeypatch.setattr(_search, "_index", lambda: monkey)
    again = iom_annual.search("staff", limit=200)
    assert hits.select("kind", "id").equals(again.select("kind", "id"))


def test_us_after_a_preposition_or_in_capitals_is_the_united_states() -> None:
    assert _search.read_us("resettlement to the US") == "resettlement to the USA"
    assert _search.read_us("refugees in the us") == "refugees in the USA"
    assert _search.read_us("tell us about shelter") == "tell us about shelter"
    assert _search.read_us("U.S. resettlement") .startswith("USA")
    assert "USA" in iom_annual.search("US", limit=1)["id"].to_list()


@pytest.mark.parametrize("query", ["the", "s", "how many", "what is the", "s s the", "us"])
def test_a_query_of_only_fillers_is_a_typed_error(query: str) -> None:
    with pytest.raises(iom_annual.InvalidSearchError, match="carry no meaning"):
        iom_annual.search(query)


def test_a_country_query_gives_the_staff_datasets_filtered_to_it() -> None:
    for query in ("Kenya", "Kenyan staff", "KEN"):
        hits = iom_annual.search(query, limit=10)
        rows = hits.filter(pl.col("match") == "country")
        assert rows["id"].to_list() == ["staff_by_nationality", "staff_by_grade"], query
        assert all("nationality='KEN'" in title for title in rows["title"])
        assert iom_annual.staff_by_nationality(nationality="KEN").height > 0
    assert "country" not in iom_annual.search("vaccination")["match"].to_list()
    # also when only datasets are asked for
    only = iom_annual.search("Kenya", kind="dataset", limit=2)
    assert only["id"].to_list() == ["staff_by_nationality", "staff_by_grade"]
    assert set(only["match"]) == {"country"}


def test_figure_places_read_lists_and_joined_text_alike() -> None:
    joined = _search.figure_places({"iso3": "NER; MLI", "regions": "Sahel"})
    assert _search.figure_places({"iso3": ["NER", "MLI"], "regions": ["Sahel"]}) == joined
    assert _search.figure_places({"iso3": ("NER", "MLI"), "regions": ("Sahel",)}) == joined
    assert _search.figure_places({"iso3": pl.Series(["NER", "MLI"]), "regions": ["Sahel"]}) == joined


def test_result_columns_and_types() -> None:
    hits = iom_annual.search("water sanitation")
    assert hits.schema == pl.Schema({"kind": pl.String, "id": pl.String, "title": pl.String,
                                     "score": pl.Float64, "match": pl.String, "citation": pl.String})
    assert hits["score"].to_list() == sorted(hits["score"].to_list(), reverse=True)
    assert all(0 < score < 1.7 for score in hits["score"])  # the bound the docstring gives
    assert 0 < hits.height <= 20
    assert "wash.people_supported" in hits["id"].head(3).to_list()


def test_every_figure_about_vaccines_is_found_whatever_the_word_form() -> None:
    # The figures that say vaccine, vaccination, vaccinated... in their own words,
    # found here with a plain regular expression over the data.
    about = set(figures().filter(pl.col("description").str.contains(r"(?i)\bvaccin")
                               | pl.col("metric").str.contains("vaccin"))["id"])
    assert len(about) >= 7
    for query in ("vaccine", "Vaccination", "VACCINATED", "vaccines", "vacination"):
        found = set(iom_annual.search(query, kind="figure", limit=len(about) + 3)["id"])
        assert about <= found, (query, about - found)


@pytest.mark.parametrize(("query", "theme", "pattern"), [
    ("resettlement", "resettlement", "resettl"),
    ("reintegration", "reintegration", "reintegrat"),
    ("shelter", "shelter", "shelter"),
    ("evaluation", "monitoring_evaluation", "evaluat"),
])
def test_own_description_ranks_above_shared_theme(query: str, theme: str, pattern: str) -> None:
    hits = iom_annual.search(query, kind="figure", limit=1000)
    scores = dict(zip(hits["id"], hits["score"], strict=True))
    rows = figures().filter(pl.col("theme") == theme)
    own = [f"{m} {d}" for m, d in zip(rows["metric"], rows["description"], strict=True)]
    says = [i for i, text in zip(rows["id"], own, strict=True) if re.search(f"(?i){pattern}", text)]
    silent = [i for i, text in zip(rows["id"], own, strict=True) if not re.search(f"(?i){pattern}", text)]
    assert says and silent
    assert min(scores[i] for i in says) > max(scores[i] for i in silent)


@pytest.mark.parametrize(("query", "iso3"), [
    ("Afghan", "AFG"), ("afghanistan", "AFG"), ("Syrian", "SYR"), ("Kenyan", "KEN"), ("KEN", "KEN"),
    ("ken", "KEN"), ("404", "KEN"), ("004", "AFG"), ("Afganistan", "AFG"), ("cote d’ivoire", "CIV"),
    ("CÔTE D'IVOIRE", "CIV"),
    ("Lao People’s Democratic Republic", "LAO"), ("Lao People's Democratic Republic", "LAO"),
])
def test_countries_by_name_code_demonym_or_slip(query: str, iso3: str) -> None:
    assert iom_annual.search(query, kind="country", limit=1)["id"].to_list() == [iso3]


def test_countries_appear_once_per_iso3() -> None:
    assert iom_annual.search("Lao", kind="country")["id"].to_list() == ["LAO"]
    every = iom_annual.search("Asia", kind="country", limit=500)
    assert every["id"].is_unique().all()
    assert every.height > 20


def test_ids_are_usable_and_citations_match_the_objects() -> None:
    hits = iom_annual.search("staff women", limit=100)
    assert hits.select("kind", "id").is_unique().all()
    for kind, id_, citation in hits.select("kind", "id", "citation").iter_rows():
        if kind == "figure":
            assert citation == iom_annual.figure(id_).citation
        elif kind == "dataset":
            assert citation == iom_annual.dataset(id_).citation
        elif kind == "column":
            name, _, column = id_.partition(".")
            iom_annual.dataset(name).column(column)
            assert citation == iom_annual.dataset(name).citation


def test_kind_and_limit_filter() -> None:
    for kind in _search.KINDS:
        hits = iom_annual.search("staff", kind=kind, limit=3)
        assert set(hits["kind"]) <= {kind} and hits.height <= 3
    both = iom_annual.search("women", kind=["dataset", "columns"], limit=50)
    assert set(both["kind"]) == {"dataset", "column"}
    assert iom_annual.search("women", kind={"column", "dataset"}, limit=50).equals(both)


def test_case_and_spacing_do_not_matter() -> None:
    shouted = iom_annual.search("Cash Based  INTERVENTIONS")
    assert shouted.equals(iom_annual.search("cash-based interventions"))


def test_a_valid_query_that_matches_nothing_gives_the_nearest_themes_and_says_so() -> None:
    hits = iom_annual.search("qqqqzzzz xylophone")
    assert hits.columns == ["kind", "id", "title", "score", "match", "citation"]
    assert 1 <= hits.height <= 3
    assert set(hits["kind"]) == {"theme"} and set(hits["match"]) == {"nearest"}
    assert all(0 < score <= 0.1 for score in hits["score"])
    # A slip too far for the slip finder still lands near its theme.
    assert iom_annual.search("xqzresettlementzz", limit=1)["id"].item() == "resettlement"
    # Another kind asked for: nothing near is of that kind, so nothing.
    assert iom_annual.search("qqqqzzzz xylophone", kind="figure").height == 0


@pytest.mark.parametrize("kind", ["figures ", "Dataset", "COLUMN", "themes"])
def test_kind_accepts_case_and_plural(kind: str) -> None:
    assert iom_annual.search("staff", kind=kind).height > 0  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "error", "hint"), [
    ({"query": "wash", "kind": "figurez"}, iom_annual.UnknownKindError, "'figure'"),
    ({"query": "wash", "kind": 3}, iom_annual.UnknownKindError, "Valid options: figure, dataset"),
    ({"query": "wash", "kind": ["dataset", "nation"]}, iom_annual.UnknownKindError, "country"),
    ({"query": "wash", "limit": 0}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "wash", "limit": -5}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "wash", "limit": 2.5}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "wash", "limit": True}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "wash", "limit": "10"}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": None}, iom_annual.InvalidSearchError, "NoneType"),
    ({"query": b"wash"}, iom_annual.InvalidSearchError, "bytes"),
    ({"query": ["wash"]}, iom_annual.InvalidSearchError, "list"),
    ({"query": ""}, iom_annual.InvalidSearchError, "no letters or digits"),
    ({"query": "   \t"}, iom_annual.InvalidSearchError, "no letters or digits"),
    ({"query": "?!–…"}, iom_annual.InvalidSearchError, "no letters or digits"),
])
def test_bad_arguments_raise_typed_errors(kwargs: dict[str, object], error: type[Exception],
                                          hint: str) -> None:
    with pytest.raises(error, match=re.escape(hint)) as info:
        iom_annual.search(**kwargs)  # type: ignore[arg-type]
    assert isinstance(info.value, iom_annual.IomAnnualError)
    assert isinstance(info.value, ValueError)


def test_result_belongs_to_the_caller() -> None:
    first = iom_annual.search("shelter")
    first[0, "id"] = "changed"
    assert iom_annual.search("shelter")["id"][0] != "changed"


def test_index_is_built_once_under_concurrent_first_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    _search._index.reset()
    builds: list[int] = []
    real = _search._index.build
    monkeypatch.setattr(_search._index, "build", lambda: (builds.append(1), real())[1])
    barrier = threading.Barrier(6)

    def run(_: int) -> list[str]:
        barrier.wait()  # all six ask at once, before any index exists
        return iom_annual.search("trafficking victims")["id"].to_list()

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(run, range(6)))
    assert len(builds) == 1
    assert len(results) == 6 and all(r == results[0] for r in results)


@pytest.mark.parametrize("with_rapidfuzz", [True, False])
def test_slips_are_found_with_and_without_rapidfuzz(with_rapidfuzz: bool,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    if with_rapidfuzz:
        pytest.importorskip("rapidfuzz")
    else:
        monkeypatch.setitem(sys.modules, "rapidfuzz", None)  # import rapidfuzz now raises ImportError
    _search._index.reset()
    index = _search._index()
    index.matches("resetlement")  # no word shares its beginning: the slip finder is built
    uses = "rapidfuzz" if with_rapidfuzz else "_search"
    assert index._slips is not None and uses in index._slips.__code__.co_filename + index._slips.__qualname__
    for query, expected in [("tuberculosys", "migration_health.tuberculosis_screenings_persons"),
                            ("maleria nets", "migration_health.malaria_bed_nets_distributed"),
                            ("trafficikng victims", "counter_trafficking.ctdc_synthetic_dataset_victims"),
                            ("resetlement", "resettlement")]:
        assert expected in iom_annual.search(query, limit=10)["id"].to_list(), query


def test_two_slips_in_a_long_word_need_rapidfuzz(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rapidfuzz")
    _search._index.reset()
    assert "migration_health.tuberculosis_screenings_persons" in iom_annual.search(
        "tubercolosys", limit=10)["id"].to_list()
    monkeypatch.setitem(sys.modules, "rapidfuzz", None)
    _search._index.reset()
    assert "migration_health.tuberculosis_screenings_persons" not in iom_annual.search(
        "tubercolosys", limit=10)["id"].to_list()


def test_word_memos_stay_bounded() -> None:
    index = _search._Index(_search._index().records)
    index._matches.size = index._as_written.size = 50
    words = [f"{a}{b}{c}tion" for a in "bcdfg" for b in "aeiou" for c in "lmnrst"]  # 150 made-up words
    for word in words:
        assert index.matches(word) == index.matches(word)
    assert len(index._matches) == len(index._as_written) == 50


def test_country_records_read_the_one_row_per_country_shape() -> None:
    reshaped = pl.DataFrame({
        "iso3": ["LAO", "CIV"], "m49": ["418", "384"],
        "name": ["Lao People's Democratic Republic", "Côte d'Ivoire"],
        "aliases": ["Lao People’s Democratic Republic; Laos", "Ivory Coast"],
        "region": ["Asia", "Africa"], "subregion": ["South-eastern Asia", "Sub-Saharan Africa"],
    })
    records = _search.country_records(reshaped, "cited")
    assert [r.id for r in records] == ["LAO", "CIV"]
    index = _search._Index(records)
    for query, code in [("Laos", "LAO"), ("cote d'ivoire", "CIV"), ("Ivory Coast", "CIV"), ("384", "CIV")]:
        scores = index.scores(query)
        assert max(scores, key=lambda i: scores[i]) == [r.id for r in records].index(code), query


def test_figure_places_are_codes_and_regions_weighted_by_how_many() -> None:
    one = _search.figure_places({"countries": "the Niger", "iso3": "NER", "regions": None})
    two = _search.figure_places({"countries": "the Niger; Mali", "iso3": "NER; MLI", "regions": "Sahel"})
    many = _search.figure_places({"iso3": "; ".join(f"C{i:03d}" for i in range(400))})
    # The frame gives iso3 and regions as lists: read the same as the joined cells.
    assert _search.figure_places({"countries": "the Niger; Mali", "iso3": ["NER", "MLI"],
                                  "regions": ["Sahel"]}) == two
    assert _search.figure_places({"iso3": [], "regions": [], "countries": None}) == ("", 1.0)
    assert one == ("NER", 1.0)
    assert two[0] == "NER; MLI; Sahel" and 0.5 < two[1] < one[1]
    assert many[1] == _search._GROUPING  # a long list still counts, as much as a region
    assert _search.figure_places({"countries": "Arab; Africa"}) == ("Arab; Africa", 2 ** -0.25)
    assert _search.figure_places({"countries": None}) == ("", 1.0)


def _coded(code: str) -> set[str]:
    return set(figures().filter(pl.col("iso3").list.contains(code))["id"])


def test_every_figure_about_a_country_is_found_by_its_name() -> None:
    # By the figure's iso3 codes, whether or not its description names the country.
    names = dict(zip(countries()["iso3"], countries()["name"], strict=True))
    codes = {c for v in figures()["iso3"] for c in v} & set(names)
    assert len(codes) > 50
    for code in sorted(codes):
        about = _coded(code)
        found = set(iom_annual.search(names[code], kind="figure", limit=len(about) + 20)["id"])
        assert about <= found, (code, about - found)


@pytest.mark.parametrize(("query", "code", "unnamed"), [
    ("Libya", "LBY", "gender_based_violence.missions_with_gbv_action_plans"),
    ("Libyan", "LBY", "gender_based_violence.missions_with_gbv_action_plans"),
    ("Bosnian", "BIH", "idf.policy_types_developed"),
    ("Swedish", "SWE", "finance.unearmarked_contribution_donors"),  # a curated demonym
    ("Filipino", "PHL", "shelter.nfi_hub_beneficiaries"),
])
def test_demonyms_find_the_figures_coded_with_the_country(query: str, code: str, unnamed: str) -> None:
    found = set(iom_annual.search(query, kind="figure", limit=100)["id"])
    assert _coded(code) <= found
    assert code in figures().filter(pl.col("id") == unnamed)["iso3"].item().to_list()
    assert not re.search(query[:5], figures().filter(pl.col("id") == unnamed)["description"].item())


def test_curated_demonyms_are_sourced_and_needed() -> None:
    rows = list(csv.DictReader((Path(__file__).parents[1] / "tools" / "curated" / "demonyms.csv")
                               .read_text(encoding="utf-8").splitlines()))
    assert len(rows) >= 15
    # The index the name rule alone builds: countries without their demonyms.
    plain = _search._Index(_search.country_records(countries().drop("demonyms"), "cited"))
    with_demonyms = dict(zip(countries()["iso3"], countries()["demonyms"], strict=True))
    for row in rows:
        assert row["iso3"] in with_demonyms, row
        assert row["demonym"] in (with_demonyms[row["iso3"]] or "").split("; "), row
        assert re.fullmatch(r"https?://\S+", row["source"]) and row["located"].strip(), row
        word = _search.words(row["demonym"])[0]
        assert row["iso3"] not in plain._places.word(word), f"{row['demonym']} needs no curation"
        assert iom_annual.search(row["demonym"], kind="country", limit=1)["id"].item() == row["iso3"], row


@pytest.mark.parametrize(("query", "code", "other"), [
    ("Sudan", "SDN", "SSD"), ("Niger", "NER", "NGA"), ("Nigerian", "NGA", "NER"), ("Guinea", "GIN", "PNG"),
])
def test_a_country_does_not_find_the_figures_of_one_with_a_similar_name(query: str, code: str,
                                                                         other: str) -> None:
    found = set(iom_annual.search(query, kind="figure", limit=200)["id"])
    assert _coded(code) <= found
    own = figures().filter(pl.col("description").str.contains(rf"(?i)\b{query[:5]}"))
    strays = (_coded(other) - _coded(code) - set(own["id"])) & found
    assert _coded(other) - _coded(code), other  # the test means something only if such figures exist
    assert not strays, strays


def test_a_figure_about_the_country_alone_ranks_above_one_that_lists_it_among_many() -> None:
    hits = iom_annual.search("Libya", kind="figure", limit=20)["id"].to_list()
    # Libya alone (its 9% share), among six (voluntary humanitarian return), among thirty.
    assert hits.index("assisted_voluntary_return.avr_host_libya_share_pct") < hits.index(
        "assisted_voluntary_return.vhr_migrants_returned") < hits.index(
        "gender_based_violence.missions_with_gbv_action_plans")
    # Germany's share of the returns is not about Libya (paragraph 55 names both in one sentence).
    assert "assisted_voluntary_return.avr_host_germany_share_pct" not in hits


@pytest.mark.parametrize("frame", [
    "what does the report say about {}", "tell me about {}", "show me the figures on {}", "data about {}",
    "Can you give me information regarding {}?",
])
def test_words_that_frame_a_question_do_not_outweigh_its_subject(frame: str) -> None:
    # Every theme's title, asked plainly and inside a question: what answers the
    # plain title stays among the first three (it fell out for about half before
    # frame words counted less).
    for theme in iom_annual.themes():
        best = iom_annual.search(theme.title, limit=1)["id"].item()
        assert best in iom_annual.search(frame.format(theme.title), limit=3)["id"].to_list(), theme.title


def test_frame_words_alone_still_search() -> None:
    # When nothing else is asked, "report" or "data" is the subject.
    assert iom_annual.search("data", limit=5).height == 5
    assert "research.wmr_un_languages_translated" in iom_annual.search(
        "World Migration Report", limit=10)["id"].to_list()
    assert "data_protection.personnel_trained" in iom_annual.search(
        "data protection", limit=5)["id"].to_list()


def test_a_question_naming_a_country_puts_the_country_first() -> None:
    for query, code in [("what does the report say about Libya", "LBY"), ("tell me about the Niger", "NER"),
                        ("data about Bosnia and Herzegovina", "BIH")]:
        assert iom_annual.search(query, limit=1)["id"].item() == code, query


@settings(max_examples=300, deadline=None, database=None)
@given(query=st.one_of(st.text(max_size=60), st.none(), st.integers(), st.binary(max_size=5),
                       st.lists(st.text(max_size=5), max_size=2)),
       kind=st.one_of(st.none(), st.sampled_from(_search.KINDS), st.text(max_size=10)),
       limit=st.one_of(st.integers(-3, 40), st.floats(allow_nan=True), st.text(max_size=3)))
def test_arbitrary_input_gives_a_frame_or_a_typed_error(query: object, kind: object, limit: object) -> None:
    try:
        hits = iom_annual.search(query, kind=kind, limit=limit)  # type: ignore[arg-type]
    except iom_annual.IomAnnualError as error:
        assert str(error)
        return
    assert isinstance(query, str) and isinstance(limit, int) and limit >= 1
    assert hits.columns == ["kind", "id", "title", "score", "match", "citation"]
    assert hits.height <= limit
    assert hits["score"].to_list() == sorted(hits["score"].to_list(), reverse=True)
    assert all(0 < score < 1.7 for score in hits["score"])  # the bound the docstring gives
    assert set(hits["match"]) <= set(_search.MATCHES)


# -- The held-out set: 155 questions in users' words, written from the report
# before the ranking of issue 17 was changed and never tuned on.  Before that
# change 137 of 155 (88.4%) had an expected id in the top 3; after it, 144
# (92.9%).  The tuning set (data/search_tuning.csv: the cases issue 17
# reported and rewordings of them) is the one the change was tuned on:
# 20 of 24 in the top 3 after it (11 before).
HELD_OUT = list(csv.DictReader(
    (Path(__file__).parent / "data" / "search_heldout.csv").read_text(encoding="utf-8").splitlines()))


def test_held_out_set_is_sound_and_covers_every_theme() -> None:
    known = set().union(*_known_ids().values())
    assert len(HELD_OUT) >= 120
    assert len({q["query"].casefold() for q in HELD_OUT}) == len(HELD_OUT)
    assert {q["asker"] for q in HELD_OUT} == {"journalist", "donor", "HR researcher", "programme officer",
                                              "student"}
    for q in HELD_OUT:
        assert set(q["expected"].split(";")) <= known, q
        assert q["why"].strip()
    asked = {e for q in HELD_OUT for e in q["expected"].split(";")} & set(figures()["id"])
    themes = set(figures().filter(pl.col("id").is_in(list(asked)))["theme"])
    assert themes == {t.name for t in iom_annual.themes()}


def _top3(rows: list[dict[str, str]]) -> tuple[float, list[str]]:
    misses = [q["query"] for q in rows
              if not set(q["expected"].split(";")) & set(iom_annual.search(q["query"], limit=3)["id"])]
    return 1 - len(misses) / len(rows), misses


def test_held_out_questions_hit_the_top_3() -> None:
    rate, misses = _top3(HELD_OUT)
    assert rate >= 0.9, misses  # 0.884 before the issue 17 ranking, 0.929 after


TUNING = list(csv.DictReader(
    (Path(__file__).parent / "data" / "search_tuning.csv").read_text(encoding="utf-8").splitlines()))


def test_tuning_questions_hit_the_top_3() -> None:
    known = set().union(*_known_ids().values())
    assert all(set(q["expected"].split(";")) <= known and q["why"] for q in TUNING)
    # Apart from the cases issue 17 itself reported, which the held-out set also asks, none is shared.
    reported = {"how many staff does iom have", "rohingya", "ombudsman complaints", "resettlement to the us",
                "funding"}
    assert not {q["query"].casefold() for q in TUNING} & {q["query"].casefold() for q in HELD_OUT} - reported
    rate, misses = _top3(TUNING)
    assert rate >= 0.8, misses  # 20 of 24


def test_existing_question_sets_hit_the_top_3() -> None:
    # 140 of 151 before the issue 17 ranking, 138 after (its top 10 rates are tested above).
    rate, misses = _top3(QUESTIONS)
    assert rate >= 0.88, misses


def test_country_names_come_from_the_country_resolver(monkeypatch: pytest.MonkeyPatch) -> None:
    # Search asks the resolver country() uses, so an alias it learns (as "DRC"
    # will be) is read by search too, with no table of its own.  Two made-up
    # aliases stand in for the ones it learns.
    from iom_annual import _countries as _country

    real = _country.country_candidates
    assert not real("Qqlandia") and not real("QQL")

    def candidates(text: str, *, codes: bool = True) -> tuple[str, ...]:
        return ("COD",) if text.casefold() in {"qqlandia", "qql"} else real(text, codes=codes)

    monkeypatch.setattr(_country, "country_candidates", candidates)
    monkeypatch.setattr(_search, "_index", _search.Once(_search._build))  # an index of its own
    coded = _coded("COD")
    for query in ("Qqlandia", "QQL"):
        hits = iom_annual.search(query, limit=50)
        assert coded and coded <= set(hits["id"]), query
    # A lower-case word of three letters is not read as a code or an abbreviation ("can", "per").
    places = _search._index()._places
    assert places.resolved(["qql"], frozenset()) == frozenset()
    assert places.resolved(["qql"], frozenset({"qql"})) == frozenset({"COD"})


# Written by a reviewer who never saw the search code nor ran it (issue 17's
# held-out measure): 265 questions by journalists, donors, HR researchers,
# programme officers and students, with every id that answers them.  Run once
# after the issue 17 ranking was merged: 230 of 265 in the top 3 (86.8%); the
# misses then showed staff questions about a country ("how many Kenyans work
# for IOM"), which were fixed; 239 (90.2%) since, no longer a held-out figure.
INDEPENDENT = list(csv.DictReader(
    (Path(__file__).parent / "data" / "search_independent.csv").read_text(encoding="utf-8").splitlines()))


def test_independent_questions_hit_the_top_3() -> None:
    known = set().union(*_known_ids().values())
    assert len(INDEPENDENT) >= 250
    assert all(set(q["expected"].split(";")) <= known for q in INDEPENDENT)
    rate, misses = _top3(INDEPENDENT)
    assert rate >= 0.88, misses
