"""No display the package makes shows a number in scientific notation (issue 19).

The counts of ``key_figures`` and ``corroboration`` are Float64: a DataFrame
prints 13,300,000 as ``1.33e7``.  Every display of the package (reprs, HTML,
``readable``, the command line) writes them as counts, shares and money.
The docs build runs the same check on every generated page
(``docs/_ext/iom_docs.py``, ``check_plain_numbers``).
"""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import iom_annual
from iom_annual._core.display import cell_text, display_frame, plain, readable
from iom_annual.cli import main

# "1.33e7", "2.81e+08", "1e-05", "7.84E7": a number with an exponent, not part of a word or hash.
SCIENTIFIC = re.compile(r"(?<![\w.])[-+]?\d+(?:\.\d+)?[eE][-+]?\d+(?![\w.])")

NAMES = [m.name for m in iom_annual.datasets()]


def no_scientific(text: str) -> None:
    found = SCIENTIFIC.findall(text)
    assert not found, f"scientific notation in a display: {found[:5]}"


def test_the_pattern_finds_what_polars_prints() -> None:
    # The check itself can fail: polars shows these Float64 counts with exponents.
    shown = str(pl.DataFrame({"value": [13_300_000.0, 281_000_000.0, 78_400_000.0]}))
    assert SCIENTIFIC.findall(shown) == ["1.33e7", "2.81e8", "7.84e7"]
    assert SCIENTIFIC.findall(f"{1e-05} {2.5e+20}") == ["1e-05", "2.5e+20"]
    assert not SCIENTIFIC.findall("e3b0c44298fc1c149afbf4c8996fb924 covid19 P-5 2e_x")


@given(st.floats(allow_nan=False, allow_infinity=False, min_value=-1e21, max_value=1e21))
def test_plain_keeps_every_digit_without_an_exponent(value: float) -> None:
    text = plain(value)
    no_scientific(text)
    assert float(text.replace(",", "")) == value


@given(st.one_of(st.integers(-(10**15), 10**15), st.floats(allow_nan=False, allow_infinity=False,
                                                          min_value=-1e18, max_value=1e18)),
       st.sampled_from([None, "people", "percent", "usd", "percentage_points", "year", "staff"]))
def test_a_cell_never_has_an_exponent(value: float, unit: str | None) -> None:
    text = cell_text(value, unit)
    assert text is not None
    no_scientific(text)


def test_counts_shares_and_money_as_such() -> None:
    assert cell_text(13_300_000.0, "people") == "13,300,000"
    assert cell_text(46.5, "percent") == "46.5%"
    assert cell_text(46.532312542, "percent") == "46.5%"  # a computed share: one decimal
    assert cell_text(16.8047, "percent") == "16.8047%"  # a printed one keeps its digits
    assert cell_text(2_549_484_556.56, "usd") == "USD 2,549,484,556.56"
    assert cell_text(2021, "year") == "2021"
    assert cell_text(["KEN", "UGA"]) == "KEN; UGA"
    assert cell_text(None) is None


@pytest.mark.parametrize("name", NAMES)
def test_every_dataset_displays_plain(name: str) -> None:
    df = iom_annual.load(name)
    shown = readable(df, name)
    no_scientific(repr(shown))
    no_scientific(shown._repr_html_())
    no_scientific(str(display_frame(df, name)))
    meta = iom_annual.dataset(name)
    no_scientific(repr(meta) + meta._repr_html_())


def test_key_figures_values_read_with_their_units() -> None:
    wash = iom_annual.key_figures(theme="wash")
    shown = display_frame(wash.select("id", "value", "unit"), "key_figures")
    row = shown.filter(pl.col("id") == "wash.people_supported").row(0, named=True)
    assert row["value"] == "13,300,000"


def test_every_record_and_namespace_displays_plain() -> None:
    no_scientific(repr(iom_annual.datasets()) + iom_annual.datasets()._repr_html_())
    for part in (iom_annual.operations, iom_annual.institution):
        no_scientific(repr(part) + part._repr_html_())
        for theme in iom_annual.themes(part._name):
            figures = getattr(part, theme.name)
            no_scientific(repr(figures) + figures._repr_html_())
    for figure in iom_annual.operations.figures() + iom_annual.institution.figures():
        no_scientific(repr(figure) + figure._repr_html_() + figure.phrase)
    report = iom_annual.verify()
    no_scientific(str(report) + repr(report) + report._repr_html_())
    for name in ("Kenya", "Afghanistan", "Greece", "Ukraine"):
        profile = iom_annual.country(name)
        no_scientific(repr(profile) + profile._repr_html_())


@pytest.mark.parametrize("name", NAMES)
def test_the_command_line_shows_plain(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", name, "--head", "1000"]) == 0
    assert main(["show", name, "--head", "1000", "--wide"]) == 0
    no_scientific(capsys.readouterr().out)


def test_the_command_line_figures_and_summary_show_plain(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summary"]) == 0
    for theme in ("wash", "crisis_response", "finance", "migration_data"):
        assert main(["figure", theme]) == 0
    for query in ("13.3 million", "WASH", "Kenya", "USD"):
        assert main(["search", query]) == 0
    assert main(["country", "Kenya"]) == 0
    out = capsys.readouterr().out
    assert "13,300,000" in out or "13.3 million" in out
    no_scientific(out)


def test_show_key_figures_has_a_readable_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "key_figures", "--head", "3"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if "┆" in line or "|" in line)
    assert header.count("┆") + header.count("|") <= 8  # not 20 columns four characters wide
    assert "more columns (choose with --columns)" in out and "description" in out
