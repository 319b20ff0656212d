"""The shared display helpers: escaping, one-line text, values in words."""

from __future__ import annotations

from iom_annual._core.display import html_record, html_table, number, shorten, value_phrase


def test_html_is_escaped() -> None:
    out = html_table(["a<b"], [["<script>&"]], caption="x & y")
    assert "<script>" not in out
    assert "&lt;script&gt;&amp;" in out and "a&lt;b" in out and "x &amp; y" in out
    rec = html_record("t<", [("k>", "v&")])
    assert "t&lt;" in rec and "k&gt;" in rec and "v&amp;" in rec


def test_html_sets_no_colours() -> None:
    # colours are inherited from the notebook so dark themes stay readable
    out = html_table(["a"], [[1]]) + html_record("t", [("k", 1)])
    assert "color" not in out and "background" not in out


def test_shorten_is_one_line_and_bounded() -> None:
    assert shorten("a\nb  c") == "a b c"
    assert len(shorten("x" * 500, 50)) == 50
    assert shorten("x" * 500, 50).endswith("…")


def test_numbers_in_words() -> None:
    assert number(13_300_000.0) == "13.3 million"
    assert number(2_549_500_000) == "2.55 billion"
    assert number(6376) == "6,376"
    assert number(0.5) == "0.5"
    assert value_phrase(78_400_000, "people", "lower_bound") == "more than 78.4 million people"
    assert value_phrase(47, "percent") == "47%"
    assert value_phrase(281_000_000, "people", "approximate") == "about 281 million people"
    assert value_phrase(12, "countries", "upper_bound") == "less than 12 countries"
    assert value_phrase(2_549_500_000, "usd") == "USD 2.55 billion"
    assert value_phrase(29, "country_offices") == "29 country offices"


def test_value_phrase_is_public_and_refuses_what_it_cannot_say() -> None:
    import numpy as np
    import pytest

    import iom_annual

    assert iom_annual.value_phrase is value_phrase
    assert value_phrase(np.int64(6376), "people") == "6,376 people"
    assert value_phrase(np.float64(13_300_000), "people") == "13.3 million people"
    with pytest.raises(iom_annual.UnknownQualifierError, match="did you mean 'lower_bound'") as info:
        value_phrase(5, "people", "lower-bound")
    assert info.value.options == ("exact", "approximate", "lower_bound", "upper_bound")
    assert isinstance(info.value, ValueError)
    for bad in (True, "12", None, [1]):
        with pytest.raises(TypeError, match="must be a number"):
            value_phrase(bad, "people")  # type: ignore[arg-type]
