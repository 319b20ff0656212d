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


def test_everyday_words_find_the_reports_words() -> None:
    from iom_annual._search import _EVERYDAY, _index

    index = _index()
    for everyday, meant in _EVERYDAY.items():
        assert any(word in index.postings for word in meant), everyday  # stands for a word the report uses
        matched = dict(index.matches(everyday))
        assert any(matched.get(word, 0) > 0 for word in meant), everyday
    assert "finance.total_expenditure" in iom_annual.search("spend", limit=3)["id"].to_list()
    # A word as written outranks the report's word it stands for.
    housing = dict(index.matches("housing"))
    assert housing["housing"] > housing["shelter"] > 0


def test_result_columns_and_types() -> None:
    hits = iom_annual.search("water sanitation")
    assert hits.schema == pl.Schema({"kind": pl.String, "id": pl.String, "title": pl.String,
                                     "score": pl.Float64, "citation": pl.String})
    assert hits["score"].to_list() == sorted(hits["score"].to_list(), reverse=True)
    assert all(0 < score <= 1.6 for score in hits["score"])  # the bound the docstring gives
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


def test_a_valid_query_that_matches_nothing_gives_an_empty_frame() -> None:
    hits = iom_annual.search("qqqqzzzz xylophone")
    assert hits.height == 0
    assert hits.columns == ["kind", "id", "title", "score", "citation"]


@pytest.mark.parametrize("kind", ["figures ", "Dataset", "COLUMN", "themes"])
def test_kind_accepts_case_and_plural(kind: str) -> None:
    assert iom_annual.search("staff", kind=kind).height > 0  # type: ignore[arg-type]


@pytest.mark.parametrize(("kwargs", "error", "hint"), [
    ({"query": "x", "kind": "figurez"}, iom_annual.UnknownKindError, "'figure'"),
    ({"query": "x", "kind": 3}, iom_annual.UnknownKindError, "Valid options: figure, dataset"),
    ({"query": "x", "kind": ["dataset", "nation"]}, iom_annual.UnknownKindError, "country"),
    ({"query": "x", "limit": 0}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "x", "limit": -5}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "x", "limit": 2.5}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "x", "limit": True}, iom_annual.InvalidSearchError, "positive integer"),
    ({"query": "x", "limit": "10"}, iom_annual.InvalidSearchError, "positive integer"),
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
    assert hits.columns == ["kind", "id", "title", "score", "citation"]
    assert hits.height <= limit
    assert hits["score"].to_list() == sorted(hits["score"].to_list(), reverse=True)
    assert all(0 < score <= 1.6 for score in hits["score"])  # the bound the docstring gives
