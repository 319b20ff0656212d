"""Small text and HTML renderings shared by every public object's display.

A record's ``__repr__`` fits on one line; its ``_repr_html_`` is a small,
escaped table.  The HTML sets no colours of its own (it inherits the
notebook's), so it reads the same in light and dark themes.  Standard library
only: displaying an object never imports a DataFrame library.
"""

from __future__ import annotations

import math
import re

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    import polars as pl

__all__ = [
    "cell_text",
    "count",
    "display_frame",
    "first_columns",
    "html_record",
    "html_table",
    "is_number_text",
    "number",
    "plain",
    "ReadableTable",
    "plural",
    "readable",
    "shorten",
    "value_phrase",
]

# Words for the qualifiers of ``key_figures``: a lower bound is not an exact value.
_QUALIFIER_WORDS = {
    "exact": "",
    "approximate": "about",
    "lower_bound": "more than",
    "upper_bound": "less than",
}

# Units written as a symbol after the number, and currencies written before it.
_SYMBOL_UNITS = {"percent": "%"}
_CURRENCIES = {"usd": "USD"}


def shorten(text: object, width: int = 80) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: max(width - 1, 0)] + "…"


def plural(n: int, word: str, many: str | None = None) -> str:
    """``n`` and ``word``, in the plural unless ``n`` is 1: "1 figure", "2 figures"."""
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


def plain(value: float | int) -> str:
    """A number in positional notation with every digit it has, never ``1.33e7``.

    Whole numbers (``13300000.0`` too) are grouped by thousands; a fraction
    keeps the digits of its shortest ``repr`` (``0.1`` stays ``0.1``).
    """
    if isinstance(value, float):
        import math

        if not math.isfinite(value):
            return str(value)
        if value.is_integer():
            return f"{int(value):,}"
        from decimal import Decimal

        whole, _, fraction = format(Decimal(repr(value)), "f").partition(".")
        return f"{int(whole):,}.{fraction}" if whole not in ("-0",) else f"-0.{fraction}"
    return f"{value:,}"


def count(value: float | int) -> str:
    """A count with its digits grouped: ``281000000.0`` → "281,000,000"."""
    return plain(value)


# How a column's unit (the registry's ``Column.unit``, or the row's own unit
# column for the figures of ``key_figures`` and ``corroboration``) is written
# in a table cell.  Years and numbers with no unit (paragraphs) are not grouped.
_UNGROUPED_UNITS = frozenset({"year"})


def cell_text(  # noqa: PLR0911 (one return per kind of value reads best)
    value: object, unit: str | None = None, *, group: bool = True
) -> str | None:
    """One value as a table cell shows it; ``None`` stays ``None`` (the caller shows nulls).

    Counts have grouped digits, percentages a sign, US dollars their code,
    lists are joined with "; " and no number is ever in scientific notation.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return "; ".join(t for t in (cell_text(v, unit) for v in value) if t is not None)
    if isinstance(value, (int, float)):
        if unit in _UNGROUPED_UNITS or (not group and unit is None):
            text = plain(value).replace(",", "")
        else:
            text = plain(value)
        if unit == "percent":
            if isinstance(value, float) and len(text.partition(".")[2]) > 4:
                text = plain(round(value, 1))  # a computed share, not a printed one: one decimal
            return f"{text}%"
        if unit == "percentage_points":
            return f"{text} pp"
        if unit in _CURRENCIES:
            return f"{_CURRENCIES[unit]} {text}"
        return text
    return str(value)


# The columns a reader needs first, for the datasets too wide to show whole
# (the command line's `show` and the docs' previews); the rest stay one
# option or one click away.  Ids first: they are what the next command takes.
_FIRST_COLUMNS: dict[str, tuple[str, ...]] = {
    "key_figures": ("id", "value", "unit", "qualifier", "year", "as_printed"),
    "corroboration": ("figure_id", "report_value", "outside_value", "agreement", "source"),
    "countries": ("iso3", "name", "region", "member_state"),
    "discrepancies": ("id", "kind", "what", "value_a", "value_b"),
    "unearmarked_contributions": ("donor", "iso3", "amount", "published"),
    "charts": ("title_as_printed", "location", "paragraph", "theme", "data_available"),
}


def first_columns(dataset: str, columns: Sequence[str]) -> list[str]:
    """The columns of ``dataset`` a reader needs first, in that order (all of them if it is narrow)."""
    chosen = [c for c in _FIRST_COLUMNS.get(dataset, ()) if c in columns]
    return chosen or list(columns)


def _unit_columns(name: str, columns: Sequence[str]) -> str | None:
    """The column that holds the unit of number column ``name`` row by row, if any.

    ``value`` has its unit in ``unit``, ``report_value`` in ``report_unit``.
    """
    stem = name.removesuffix("value")
    candidate = f"{stem}unit"
    return candidate if stem != name and candidate in columns else None


def display_frame(df: pl.DataFrame, dataset: str | None = None,
                  units: Mapping[str, str | None] | None = None) -> pl.DataFrame:
    """``df`` with every cell as text a reader reads at a glance (see :func:`cell_text`).

    Units come from the registry's columns of ``dataset`` (when given and the
    column is one of its), else from a sibling unit column (``value`` and
    ``unit``); whole numbers are grouped, never in scientific notation.
    Nulls stay null.  Columns that are text already are left as they are.
    ``units`` names the unit of columns the caller has rescaled or derived
    (``None`` for a plain number); they win over the registry.
    """
    import polars as pl

    from iom_annual._data.registry import datasets
    from iom_annual._data.registry import find_dataset as lookup

    known: dict[str, str | None] = dict(units or {})
    integer_ids: set[str] = set()
    # The dataset's own columns first; a derived frame's columns (a metric's
    # ``year``) by the first dataset that has a column of that name.
    metas = [lookup(dataset)] if dataset is not None else []
    seen: set[str] = set()
    for meta in [*metas, *datasets()]:
        for c in meta.columns:
            if c.name in seen:
                continue
            seen.add(c.name)
            known.setdefault(c.name, c.unit)  # the caller's unit, if any, wins
            if c.type == "integer" and c.unit is None:
                integer_ids.add(c.name)  # years, paragraph and box numbers: not counts
    out = []
    for name, dtype in df.schema.items():
        if dtype == pl.String:
            out.append(df.get_column(name))
            continue
        sibling = _unit_columns(name, df.columns)
        unit_values = df.get_column(sibling).to_list() if sibling else None
        texts = []
        for i, v in enumerate(df.get_column(name).to_list()):
            unit = unit_values[i] if unit_values is not None else known.get(name)
            texts.append(cell_text(v, unit, group=name not in integer_ids))
        out.append(pl.Series(name, texts, dtype=pl.String))
    return pl.DataFrame(out)


def number(value: float | int) -> str:
    """A count or amount as a reader writes it: 13,300,000 → "13.3 million"."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    magnitude = abs(value)
    if magnitude >= 1e15:  # past a million billion, words would give hundreds of digits
        # (an int may be too large for a float: 10**400)
        return f"{value:.3g}" if isinstance(value, float) else f"{float(value):.3g}" if magnitude < 1e300 \
            else _scientific(value)
    for size, word in ((1_000_000_000, "billion"), (1_000_000, "million")):
        if magnitude >= size:
            scaled = value / size
            text = f"{scaled:,.2f}".rstrip("0").rstrip(".")
            return f"{text} {word}"
    if isinstance(value, int):
        return f"{value:,}"
    if magnitude and magnitude < 0.01:  # "0.00" would lose it: all its digits instead
        return plain(value)
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _scientific(value: int) -> str:
    digits = str(abs(value))
    mantissa = f"{digits[0]}.{digits[1:3]}".rstrip("0").rstrip(".")
    return f"{'-' if value < 0 else ''}{mantissa}e+{len(digits) - 1}"


def value_phrase(value: float | int, unit: str, qualifier: str = "exact") -> str:
    """A figure's value, unit and qualifier in words, as a reader would say them.

    The words that :class:`~iom_annual.Figure` shows as its ``phrase``, for
    any value: a sum or a row of a frame, say.  Millions and billions are
    written as words, percentages with a sign, US dollars with their code.

    Parameters
    ----------
    value : float or int
        The number.
    unit : str
        Its unit, as in the ``unit`` column of ``key_figures`` ("people",
        "percent", "usd", "country_offices"); underscores become spaces.
    qualifier : str, default "exact"
        How the report qualifies the number: "exact", "approximate",
        "lower_bound" or "upper_bound".

    Returns
    -------
    str
        For example "more than 78.4 million people".

    Raises
    ------
    UnknownQualifierError
        If ``qualifier`` is not one of the four, naming the closest.
    TypeError
        If ``value`` is not a number (``True`` and ``"12"`` are not), or
        ``unit`` is not a str.
    InvalidValueError
        If ``value`` is NaN or infinite (a ``ValueError``).  A value of a
        million billion or more is written in scientific notation.

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.value_phrase(78_400_000, "people", "lower_bound")
    'more than 78.4 million people'
    >>> iom_annual.value_phrase(1.2, "percent", "upper_bound"), iom_annual.value_phrase(2_500, "usd")
    ('less than 1.2%', 'USD 2,500')
    """
    words = _QUALIFIER_WORDS.get(qualifier)
    if words is None:
        from iom_annual._core.errors import UnknownQualifierError

        raise UnknownQualifierError(qualifier, _QUALIFIER_WORDS)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        from numbers import Real  # numpy's scalars are Reals without being int or float

        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"value must be a number, not {type(value).__name__}")
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        from iom_annual._core.errors import InvalidValueError

        raise InvalidValueError(f"value must be a finite number, not {value!r}")
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a str such as 'people', not {type(unit).__name__}")
    folded = unit.strip().casefold()  # "USD" and "Percent" are the units "usd" and "percent"
    symbol = _SYMBOL_UNITS.get(folded)
    if symbol:
        amount = f"{number(value)}{symbol}"
    elif folded in _CURRENCIES:
        amount = f"{_CURRENCIES[folded]} {number(value)}"
    else:
        amount = f"{number(value)} {unit.replace('_', ' ')}"
    return f"{words} {amount}".strip()


def _cell(value: object) -> str:
    # Imported here: html costs ~2 ms (its entity table), which the command
    # line's `describe` would pay only for `shorten`.
    import html

    return "" if value is None else html.escape(str(value))


# A cell that holds a number as the package writes it: "1,234", "46.5%", "USD 2,500", "-3 pp".
_NUMBER_TEXT = re.compile(r"(USD )?[-+]?[\d,]+(\.\d+)?( ?%| pp)?")


def is_number_text(text: str) -> bool:
    """Whether ``text`` is a number as the package writes it ("1,234", "46.5%", "USD 2,500")."""
    return bool(_NUMBER_TEXT.fullmatch(text.strip()))


def _is_number(value: object) -> bool:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return True
    return value is None or bool(_NUMBER_TEXT.fullmatch(str(value)))


def _shown(value: object) -> object:
    # Numbers in a table are written as a reader writes them, never 1.33e7.
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return plain(value)
    return value


def html_table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
) -> str:
    """An escaped HTML table; ``caption`` is shown above it."""
    parts = ['<table class="iom-annual">']
    if caption:
        parts.append(f'<caption style="text-align:left">{_cell(caption)}</caption>')
    rows = [list(r) for r in rows]
    # Notebooks right-align table cells by default while a record's table is
    # left-aligned: say it for each cell, text left and numbers right, so that
    # every table of the package reads alike in any notebook.
    numeric = [bool(rows) and all(_is_number(r[i]) for r in rows) for i in range(len(header))]
    align = ['style="text-align:right"' if n else 'style="text-align:left"' for n in numeric]
    heads = "".join(f"<th {a}>{_cell(h)}</th>" for h, a in zip(header, align, strict=False))
    parts.append(f"<thead><tr>{heads}</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        cells = "".join(f"<td {a}>{_cell(_shown(v))}</td>" for v, a in zip(row, align, strict=False))
        parts.append(f"<tr>{cells}</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def html_record(title: str, fields: Iterable[tuple[str, object]]) -> str:
    """A record as a two-column table of field and value, titled."""
    body = "".join(
        f'<tr><th style="text-align:left">{_cell(k)}</th><td style="text-align:left">{_cell(v)}</td></tr>'
        for k, v in fields
    )
    return (
        f'<table class="iom-annual"><caption style="text-align:left"><b>{_cell(title)}</b></caption>'
        f"<tbody>{body}</tbody></table>"
    )


class ReadableTable:
    """A frame shown for reading: grouped digits, units, no quotes, no type row.

    Made by :func:`readable`; the numbers are text, for the eye only (compute
    on the frame you passed in, not on this one).

    Parameters
    ----------
    frame : polars.DataFrame
        The frame, every column already text (see :func:`readable`).

    Examples
    --------
    >>> import iom_annual
    >>> iom_annual.readable(iom_annual.staff_headcount().tail(1))
    year  international_professional  general_service   total  professional_percent
    2021                       2,356           15,405  17,761                   13%
    """

    __slots__ = ("frame",)
    _MAX_ROWS = 60

    def __init__(self, frame: pl.DataFrame) -> None:
        self.frame = frame

    def _rows(self) -> tuple[list[str], list[list[str]], int]:
        rows = [["" if v is None else str(v) for v in r] for r in self.frame.head(self._MAX_ROWS).rows()]
        return list(self.frame.columns), rows, self.frame.height - len(rows)

    def __repr__(self) -> str:
        header, rows, more = self._rows()
        right = [bool(rows) and all(_is_number(r[i] or None) for r in rows) for i in range(len(header))]
        widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(header)]

        def line(cells: Sequence[str]) -> str:
            return "  ".join(c.rjust(w) if r else c.ljust(w)
                             for c, w, r in zip(cells, widths, right, strict=True)).rstrip()

        out = [line(header), *(line(r) for r in rows)]
        if more:
            out.append(f"… {plural(more, 'more row')}")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        header, rows, more = self._rows()
        caption = f"first {self._MAX_ROWS:,} of {self.frame.height:,} rows" if more else None
        return html_table(header, [[v or None for v in r] for r in rows], caption=caption)


def readable(df: pl.DataFrame, dataset: str | None = None, *,
             units: Mapping[str, str | None] | None = None) -> ReadableTable:
    """``df`` displayed for reading: counts with grouped digits, shares and money as such.

    The numbers of a frame are Float64 where the report mixes counts and
    shares, and a DataFrame shows them as ``1.33e7``; this shows them as the
    report prints them ("13,300,000", "46.5%", "USD 2,500"), lists joined
    with "; ", nulls as empty cells, without quotes or a type row.  Units
    come from the registry (the columns of ``dataset``, or of any dataset
    with a column of that name) and, for ``value`` columns, from the row's
    ``unit``.

    Parameters
    ----------
    df : polars.DataFrame
        Any frame of the package, or one computed from it.
    dataset : str, optional
        The dataset the frame's columns come from, when a column name alone
        does not say it.
    units : dict of str to str or None, optional
        The unit of columns you rescaled or derived ("usd", "percent", or
        ``None`` for a plain number), which win over the registry's: a
        revenue column divided by a million is no longer in US dollars.

    Returns
    -------
    ReadableTable
        Shows as a table in a notebook and as aligned text in a terminal.

    Raises
    ------
    UnknownDatasetError
        If ``dataset`` is not a dataset's name.

    Examples
    --------
    >>> import iom_annual
    >>> import polars as pl
    >>> wash = iom_annual.key_figures(theme="wash").filter(metric="people_supported")
    >>> iom_annual.readable(wash.select("metric", "value", "unit"))
    metric                 value  unit
    people_supported  13,300,000  people
    >>> millions = iom_annual.finance_by_year().select("year", (pl.col("assessed") / 1e6).round(1))
    >>> iom_annual.readable(millions.filter(year=2021), units={"assessed": None})
    year  assessed
    2021      60.2
    """
    return ReadableTable(display_frame(df, dataset, units))
