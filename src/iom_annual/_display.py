"""Small text and HTML renderings shared by every public object's display.

A record's ``__repr__`` fits on one line; its ``_repr_html_`` is a small,
escaped table.  The HTML sets no colours of its own (it inherits the
notebook's), so it reads the same in light and dark themes.  Standard library
only: displaying an object never imports a DataFrame library.
"""

from __future__ import annotations

import math

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

__all__ = ["html_record", "html_table", "number", "shorten", "value_phrase"]

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
        from iom_annual._errors import UnknownQualifierError

        raise UnknownQualifierError(qualifier, _QUALIFIER_WORDS)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        from numbers import Real  # numpy's scalars are Reals without being int or float

        if isinstance(value, bool) or not isinstance(value, Real):
            raise TypeError(f"value must be a number, not {type(value).__name__}")
        value = float(value)
    if isinstance(value, float) and not math.isfinite(value):
        from iom_annual._errors import InvalidValueError

        raise InvalidValueError(f"value must be a finite number, not {value!r}")
    if not isinstance(unit, str):
        raise TypeError(f"unit must be a str such as 'people', not {type(unit).__name__}")
    symbol = _SYMBOL_UNITS.get(unit)
    if symbol:
        amount = f"{number(value)}{symbol}"
    elif unit in _CURRENCIES:
        amount = f"{_CURRENCIES[unit]} {number(value)}"
    else:
        amount = f"{number(value)} {unit.replace('_', ' ')}"
    return f"{words} {amount}".strip()


def _cell(value: object) -> str:
    # Imported here: html costs ~2 ms (its entity table), which the command
    # line's `describe` would pay only for `shorten`.
    import html

    return "" if value is None else html.escape(str(value))


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
    parts.append("<thead><tr>" + "".join(f"<th>{_cell(h)}</th>" for h in header) + "</tr></thead>")
    parts.append("<tbody>")
    for row in rows:
        parts.append("<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>")
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
