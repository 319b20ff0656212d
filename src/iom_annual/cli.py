"""The ``iom-annual`` command line: list, describe, show, search, figure, country, export, summary,
verify and cite.

Every failure is one line on stderr, never a traceback, with a documented
exit status (see ``EXIT_STATUSES``).  Each command imports what it needs when
it runs: ``--version`` imports nothing beyond this module and the standard
library it starts with; ``--help``, ``list`` and ``describe`` read the
registry but import no DataFrame library, and a plain ``list`` or
``describe NAME`` is answered without argparse (see ``_without_parser``).

A command is a ``_setup_<name>`` function that adds its sub-parser and sets
``run`` to a ``_cmd_<name>`` function, listed in ``_SETUPS``; a command that
prints a frame uses :func:`print_frame`, which handles the terminal.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Iterator, Mapping, Sequence

    import polars as pl

    from iom_annual._core.errors import InvalidArgumentError
    from iom_annual._output.export import ExportFormat

__all__ = ["EXIT_STATUSES", "emit", "main", "print_frame"]


def _quote(text: str) -> str:
    # The errors module's quoting, imported when a message needs it (not at start-up).
    from iom_annual._core.errors import quote

    return quote(text)

EXIT_STATUSES = """\
exit status:
  0    success (also when a reader such as `head` closes the output early, and with no command)
  1    a failed check (verify), damaged or edited data, or an output that cannot be written
  2    a usage error: an unknown name, option or value, options that do not go together
  130  interrupted (Ctrl-C)
  143  terminated (SIGTERM); a file being written is removed, the old one kept"""

# The keys `show` can filter on; which apply to a dataset is read from its
# columns in the registry (a flag for a column the dataset lacks is an error).
_FILTER_KEYS = ("nationality", "category", "grade", "theme", "year")


class _UsageError(Exception):
    """A command-line mistake the parser cannot see: exit status 2."""


class _ClosedOutput(Exception):
    """Standard output is closed (``>&-``)."""


# --- output ------------------------------------------------------------------------


def emit(text: str) -> None:
    """Print ``text`` and a newline in the terminal's encoding, replacing what it cannot show.

    Parameters
    ----------
    text : str
        The text to print.

    Raises
    ------
    BrokenPipeError
        If the reader has gone (``| head``); :func:`main` ends quietly.

    Examples
    --------
    >>> from iom_annual.cli import emit
    >>> emit("Côte d'Ivoire")  # on an ASCII terminal: C?te d'Ivoire
    Côte d'Ivoire
    """
    stream = sys.stdout
    if stream is None:
        raise _ClosedOutput
    encoding = getattr(stream, "encoding", None) or "utf-8"
    stream.write(text.encode(encoding, "replace").decode(encoding) + "\n")


def _emit_bytes(data: bytes) -> None:
    """Bytes to stdout as they are (UTF-8 data stays UTF-8 whatever the locale)."""
    stream = sys.stdout
    if stream is None:
        raise _ClosedOutput
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # a text-only stream (an IDE's console, say)
        stream.write(data.decode("utf-8"))
        return
    stream.flush()
    buffer.write(data)
    buffer.flush()


def print_frame(df: pl.DataFrame, *, total: int | None = None, head: int | None = None,
                wide: bool = False, dataset: str | None = None,
                units: Mapping[str, str | None] | None = None) -> None:
    """Print a polars frame to stdout safely: its first rows, then the size of the whole.

    Parameters
    ----------
    df : polars.DataFrame
        The frame to show.
    total : int, optional
        The number of rows of what ``df`` was taken from (default: its own).
    head : int, optional
        Rows to show (default: all); any size is fine.
    wide : bool, default False
        Show long text whole instead of cut to 60 characters.
    dataset : str, optional
        The dataset ``df`` comes from: its columns' units say how numbers
        are written (grouped digits, "%", "USD"); never in scientific notation.
    units : mapping, optional
        The unit of columns rescaled or derived here (``None``: a plain
        number), which win over the registry's.

    Raises
    ------
    BrokenPipeError
        If the reader has gone (``| head``); :func:`main` ends quietly.

    Examples
    --------
    >>> import iom_annual
    >>> from iom_annual.cli import print_frame
    >>> print_frame(iom_annual.load("staff_headcount").select("year", "total"), head=1)
    ┌──────┬───────┐
    │ year ┆ total │
    ╞══════╪═══════╡
    │ 1995 ┆ 1,656 │
    └──────┴───────┘
    1 of 7 rows, 2 columns
    """
    import polars as pl

    from iom_annual._core.display import display_frame

    shown = df if head is None else df.head(min(head, df.height))
    shown = _right_align_numbers(display_frame(shown, dataset, units))
    # A terminal that cannot show box-drawing characters gets a table drawn in ASCII.
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    try:
        "┌╪┆".encode(encoding)
        lines = "UTF8_FULL_CONDENSED"
    except (UnicodeEncodeError, LookupError):
        lines = "ASCII_FULL_CONDENSED"
    with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=10_000 if wide else 160,
                   fmt_str_lengths=10_000 if wide else 60, tbl_hide_dataframe_shape=True,
                   tbl_hide_column_data_types=True, tbl_formatting=lines):
        table = str(shown)
    rows = df.height if total is None else total
    emit(table)
    emit(f"{shown.height} of {rows:,} rows, {df.width} columns")


def _right_align_numbers(df: pl.DataFrame) -> pl.DataFrame:
    """Text columns that hold only numbers, padded on the left so that their digits line up."""
    import polars as pl

    from iom_annual._core.display import is_number_text

    out = []
    for name in df.columns:
        col = df.get_column(name)
        values = col.drop_nulls().to_list()
        if values and all(is_number_text(v) for v in values):
            width = max(len(name), *(len(v) for v in values))
            col = col.str.pad_start(width)
        out.append(col)
    return pl.DataFrame(out)


# --- choices that read the package's one definition, only when needed -----------------


class _Choices:
    """A tuple defined in the package (``CATEGORIES``, ``FORMATS``, ...), imported on first use.

    Membership ignores case, as the parser lower-cases the value first.
    """

    def __init__(self, module: str, name: str) -> None:
        self._module, self._name = module, name

    def values(self) -> tuple[str, ...]:
        from importlib import import_module

        return tuple(getattr(import_module(f"iom_annual.{self._module}"), self._name))

    def __iter__(self) -> Iterator[str]:
        return iter(self.values())

    def __contains__(self, value: object) -> bool:
        return value in self.values()


def _lower(text: str) -> str:
    return text.lower()


# --- commands ------------------------------------------------------------------------


def _cmd_list(args: argparse.Namespace) -> None:
    _list()


def _list() -> None:
    from iom_annual._data.registry import dataset_names, datasets, manifest

    files = manifest()
    width = max(len(n) for n in dataset_names())
    for meta in datasets():
        rows = files[meta.file].rows
        emit(f"{meta.name:<{width}}  {rows:>5} rows  {meta.title}  [{meta.source}]")


def _cmd_describe(args: argparse.Namespace) -> None:
    _describe(args.name, wide=args.wide)


def _describe(name: str, *, wide: bool) -> None:
    import textwrap

    from iom_annual._core.display import shorten
    from iom_annual._data.registry import find_dataset, manifest

    meta = find_dataset(name)
    emit(f"{meta.name}: {meta.title}")
    emit(textwrap.fill(meta.description, 100))
    emit(f"Rows: {manifest()[meta.file].rows:,}   Key: {', '.join(meta.primary_key)}")
    emit(f"Source: {meta.source}")
    emit(f"Cite: {meta.citation}")
    header = ("column", "type", "unit", "HXL", "description")
    rows = [(c.name, c.type, c.unit or "", c.hxl or "",
             c.description if wide else shorten(c.description, 60)) for c in meta.columns]
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    emit("")
    for row in (header, *rows):
        emit("  ".join(f"{cell:<{w}}" for cell, w in zip(row, widths, strict=False)) + "  " + row[-1])


def _unknown(kind: str, value: str, options: Sequence[str]) -> InvalidArgumentError:
    """The library's error for an unknown value of ``kind``, with close matches."""
    from iom_annual._core import errors as _errors

    known: dict[str, type[InvalidArgumentError]] = {
        "grade": _errors.UnknownGradeError, "column": _errors.UnknownColumnError}
    cls = known.get(kind)
    if cls is None:
        label = kind

        class Unknown(_errors.InvalidArgumentError):
            kind = label

        cls = Unknown
    return cls(value, options)


def _rows(name: str, given: dict[str, str]) -> pl.DataFrame:
    """The rows of ``name`` that ``given`` asks for, through the library's own accessors.

    The staff annexes and ``key_figures`` have accessors that fold names
    (nationalities, categories, grades, themes) as the API documents; the
    command line calls them rather than filtering a second way, so that the
    two cannot drift.  The other filters use the same folding functions.
    """
    import polars as pl

    from iom_annual._core.folding import fold_label
    from iom_annual._data.loader import frame
    from iom_annual._figures.tables import key_figures, theme_name
    from iom_annual._staff import tables as _staff

    rest = dict(given)
    if name == "staff_by_nationality":
        df = _staff.staff_by_nationality(rest.pop("category", None), rest.pop("nationality", None))  # type: ignore[arg-type]
    elif name == "staff_by_grade":
        df = _staff.staff_by_grade(rest.pop("category", None), rest.pop("nationality", None),  # type: ignore[arg-type]
                                   rest.pop("grade", None))
    elif name == "key_figures":
        df = key_figures(rest.pop("theme", None))
    else:
        df = frame(name)
    for key, wanted in rest.items():
        if key == "year":
            df = df.filter(pl.col("year") == _year(wanted, df["year"].unique().sort().to_list()))
        elif key == "category":
            df = df.filter(pl.col("category") == _staff.category_name(wanted))
        elif key == "theme":
            df = df.filter(pl.col("theme") == theme_name(wanted))
        else:  # grade: Annex I, Table 2's labels, folded as staff_by_grade folds them
            options = df[key].unique(maintain_order=True).to_list()
            match = [o for o in options if fold_label(o) == fold_label(wanted)]
            if not match:
                raise _unknown(key, wanted, options)
            df = df.filter(pl.col(key) == match[0])
    return df


def _year(text: str, years: Sequence[int]) -> int:
    """``--year``: a whole number written in ASCII digits (``int`` would read "²⁰²¹" or "٢٠٢١")."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()):
        example = f"such as {max(years)}, " if years else ""
        raise _UsageError(f"--year needs a year written in digits, {example}not {_quote(text)}")
    if int(stripped) not in years:
        raise _unknown("year", text, [str(y) for y in years])
    return int(stripped)


def _columns(text: str, available: Sequence[str]) -> list[str]:
    chosen = [c.strip() for c in text.split(",") if c.strip()]
    if not chosen:
        raise _UsageError("--columns needs one or more column names, separated by commas")
    lower = {c.lower(): c for c in available}
    for name in chosen:
        if name.lower() not in lower:
            raise _unknown("column", name, available)
    picked = [lower[name.lower()] for name in chosen]
    twice = next((c for i, c in enumerate(picked) if c in picked[:i]), None)
    if twice is not None:
        raise _UsageError(f"--columns names {twice!r} twice: give each column once")
    return picked


def _cmd_show(args: argparse.Namespace) -> None:
    from iom_annual._data.registry import find_dataset

    meta = find_dataset(args.name)
    names = {c.name for c in meta.columns}
    given = {key: getattr(args, key) for key in _FILTER_KEYS if getattr(args, key) is not None}
    if args.as_published:
        extra = [f"--{k}" for k in given if k != "category"] + (["--columns"] if args.columns else [])
        if extra:
            raise _UsageError(f"{', '.join(extra)} cannot be used with --as-published (only --category)")
        _show_as_published(meta.name, given.get("category"), args.head, args.wide)
        return
    applicable = [k for k in _FILTER_KEYS if k in names]
    for key in given:
        if key not in names:
            can = ", ".join(f"--{k}" for k in applicable) or "none"
            raise _UsageError(f"--{key} does not apply to {meta.name} (it has no {key} column; "
                              f"its filters: {can})")
    df = _rows(meta.name, given)
    hidden: list[str] = []
    if args.columns:
        df = df.select(_columns(args.columns, df.columns))
    else:
        from iom_annual._core.display import first_columns

        first = first_columns(meta.name, df.columns)
        hidden = [c for c in df.columns if c not in first]
        df = df.select(first)
    emit(f"{meta.title} ({meta.citation})")
    print_frame(df, head=args.head, wide=args.wide, dataset=meta.name)
    if hidden:
        emit(f"{len(hidden)} more columns (choose with --columns): {', '.join(hidden)}")


def _show_as_published(name: str, category: str | None, head: int, wide: bool) -> None:
    import polars as pl

    from iom_annual._core.errors import InvalidArgumentError
    from iom_annual._data.registry import annexes
    from iom_annual._staff.tables import CATEGORIES, as_published

    if name not in ("staff_by_nationality", "staff_by_grade"):
        raise InvalidArgumentError(name, ("staff_by_nationality", "staff_by_grade"))
    for cat in [c for c in CATEGORIES if category in (None, c)]:
        table = as_published(cat)
        emit(f"Annex {annexes()[cat]} as printed ({cat}): nationalities and the printed Total row")
        nationalities = table.height - 1
        shown = pl.concat([table.head(min(head, nationalities)), table.tail(1)]).drop("block")
        print_frame(shown, total=table.height, wide=wide, dataset=name)


def _cmd_export(args: argparse.Namespace) -> None:
    from iom_annual._output.export import FORMATS, SUFFIXES, export, format_for, output_path

    fmt = args.format
    if args.output is not None:
        output_path(args.output)  # a folder path ("out.csv/") is refused before its ending is read
        implied = format_for(args.output)
        if fmt is None and implied is None:
            raise _UsageError(f"cannot tell the format of {_quote(args.output)} from its ending "
                              f"({', '.join(SUFFIXES)}): give --format ({', '.join(FORMATS)})")
        if fmt is not None and implied is not None and implied != fmt:
            raise _UsageError(f"--format {fmt} does not match the ending of {_quote(args.output)} "
                              f"({implied}): change one of them")
        fmt = fmt or implied
    fmt = fmt or "csv"
    from typing import cast

    chosen = cast("ExportFormat", fmt)  # the parser and format_for only give members of FORMATS
    if args.output is None and chosen not in ("csv", "json"):
        raise _UsageError(f"{fmt} is binary: give a file with -o FILE")
    if args.force and args.output is None:
        raise _UsageError("--force applies only with -o FILE")
    data = export(args.name, chosen, args.output, hxl=args.hxl, overwrite=args.force)
    if data is not None:
        _emit_bytes(data)


def _cmd_summary(args: argparse.Namespace) -> None:
    from iom_annual import metrics
    from iom_annual._data.loader import frame
    from iom_annual._data.registry import edition

    e = edition()
    t4 = frame("staff_headcount").filter(year=e.year).row(0, named=True)
    t3 = frame("senior_staff_by_sex").filter(year=e.year).row(0, named=True)
    t1 = frame("professional_staff_by_sex").filter(year=e.year).row(0, named=True)
    iv = frame("nationalities_represented").filter(year=e.year).row(0, named=True)
    share = metrics.women_share_by_category()
    everyone = share.filter(category="all").row(0, named=True)
    top = metrics.women_share_by_nationality().head(5)
    n_discrepancies = frame("discrepancies").height

    lines = [
        f"{e.publisher}, {e.title} ({e.symbol})",
        f"Staff at the end of {e.year}",
        f"  Total staff                             {t4['total']:>7,}   Annex I, Table 4",
        f"  International Professional              {t4['international_professional']:>7,}"
        f"   {t4['professional_percent']}% of the total",
        f"  General Service and National Officers   {t4['general_service']:>7,}",
        f"  Women among Professional staff          {t1['women']:>7,}   {t1['women_percent']}%"
        "  (Annex I, Table 1)",
        f"  Staff at P-5 and above                  {t3['total']:>7,}   {t3['women_percent']}% women"
        "  (Annex I, Table 3)",
        f"  Women in Annexes II and III             {everyone['female']:>7,}"
        f"   {everyone['women_percent']:.1f}% of {everyone['total']:,}",
        *_coverage_note(everyone["total"], t4["total"]),
        f"  Nationalities, Professional staff       {iv['total_nationalities']:>7}   Annex IV",
        "Largest nationalities (both categories)",
        *(f"  {r['nationality']:<38}{r['total']:>7,}   {r['women_percent']:.0f}% women"
          for r in top.iter_rows(named=True)),
        f"{n_discrepancies} discrepancies in the report are recorded: iom-annual show discrepancies",
    ]
    emit("\n".join(lines))


def _coverage_note(annexes: int, table4: int) -> list[str]:
    """Why the annexes' total (17,764) is not Annex I's (17,761), from the recorded discrepancy."""
    from iom_annual._data.loader import frame

    if annexes == table4:
        return []
    found = frame("discrepancies").filter(id="annexes_2_3_vs_table4")
    if not found.height:
        return [f"    ({annexes:,}, not the {table4:,} of Annex I, Table 4)"]
    return [f"    ({annexes:,}, not {table4:,}: Annex III also counts the Director General and",
            "     the two Deputy Directors General, whom Annex I leaves out; see discrepancies)"]


def _cmd_verify(args: argparse.Namespace) -> int:
    from iom_annual._data.verify import verify

    report = verify(args.data_dir)
    emit(str(report))
    return 0 if report.ok else 1


def _cmd_cite(args: argparse.Namespace) -> None:
    from iom_annual._output.cite import cite

    emit(cite(args.format))


def _cmd_search(args: argparse.Namespace) -> None:
    from iom_annual._search import InvalidSearchError, search

    query = " ".join(args.query)
    try:
        hits = search(query, kind=args.kind, limit=args.limit)
    except InvalidSearchError as exc:  # a blank query or a bad limit: the user's mistake
        raise _UsageError(str(exc)) from None
    if not hits.height:
        # A query in another script ("שלום") is searched too; the report's words are English.
        hint = "" if any(ch.isascii() and ch.isalnum() for ch in query) else " (the report is in English)"
        emit(f"nothing matches {_quote(query)}; try fewer or other words{hint}")
        return
    if set(hits["match"]) == {"nearest"}:  # nothing matched: the library offers the nearest themes
        emit(f"nothing matches {_quote(query)}; the nearest themes (see: iom-annual figure THEME):")
    else:
        emit(f"Best matches for {_quote(query)} (see: iom-annual figure, show, describe, country)")
    print_frame(_ids_whole(hits if args.wide else hits.drop("citation"), wide=args.wide), wide=True)


def _cmd_country(args: argparse.Namespace) -> None:
    from iom_annual._core.display import shorten
    from iom_annual._countries import country
    from iom_annual._data.registry import edition

    profile = country(" ".join(args.name))
    yes_no = {True: "yes", False: "no"}
    emit(f"{profile.name} ({profile.iso3}, M49 {profile.m49})")
    if profile.aliases:
        emit(f"Also printed as: {'; '.join(profile.aliases)}")
    emit(f"Region: {profile.region}, {profile.sub_region}")
    year = edition().year
    emit(f"IOM Member State in {year}: {yes_no[profile.member_state]}   "
         f"OECD DAC member in {year}: {yes_no[profile.oecd_dac_2021]}")
    emit("")
    if profile.standing.height:
        emit("Staff of this nationality (Annexes II and III); rank among the nationalities printed")
        sexes = {r["category"]: (r["female"], r["male"]) for r in profile.staff.iter_rows(named=True)}
        sexes["all"] = (sum(f for f, _ in sexes.values()), sum(m for _, m in sexes.values()))
        header = ("category", "staff", "women", "men", "rank", "of", "share")
        rows = [(r["category"], f"{r['staff']:,}", *(f"{n:,}" for n in sexes[r["category"]]),
                 str(r["rank"]), str(r["ranked"]), f"{r['share_percent']:.2f}%")
                for r in profile.standing.iter_rows(named=True)]
        widths = [max(len(row[i]) for row in (header, *rows)) for i in range(len(header))]
        for row in (header, *rows):
            emit("  " + f"{row[0]:<{widths[0]}}" + "".join(
                f"  {cell:>{w}}" for cell, w in zip(row[1:], widths[1:], strict=True)))
    else:
        emit("Not printed by name in Annexes II and III (no staff figures)")
    emit("")
    figures = profile.figures
    if not figures.height:
        emit(f"No figure of the report's narrative is about {profile.name}")
        return
    emit(f"Figures about {shorten(profile.name, 60)} (iom-annual show key_figures for every field)")
    print_frame(_ids_whole(figures.select("id", "as_printed", "unit", "description"), wide=args.wide),
                wide=True)


def _cmd_figure(args: argparse.Namespace) -> None:
    from iom_annual._core.display import shorten, value_phrase
    from iom_annual._data.registry import themes
    from iom_annual._figures.access import figure, institution, operations

    wanted = args.id.strip().casefold()  # ids are lower case: any case is accepted, as for other names
    theme = next((t for t in themes() if t.name == wanted), None)
    if theme is not None:  # a theme: its figures, with the ids to ask for
        part = operations() if theme.namespace == "operations" else institution()
        figures = getattr(part, theme.name).figures()
        emit(f"{theme.title} ({theme.name}): {len(figures)} figures (iom-annual figure ID for one)")
        width = max(len(f.id) for f in figures)
        for fig in figures:
            emit(f"  {fig.id:<{width}}  {fig.phrase}  ({fig.where})")
        return
    fig = figure(wanted)  # an unknown id is a usage error (status 2)
    cut = (lambda text: text) if args.wide else (lambda text: shorten(text, 100))
    emit(f"{fig.id}: {fig.phrase}")
    emit(f"  as printed   {fig.as_printed}")
    emit(f"  what         {cut(fig.description)}")
    emit(f"  cited as     {fig.citation}")
    emit(f"  section      {cut(fig.section)}")
    emit(f"  year         {fig.year}")
    for label, names in (("countries", fig.countries), ("iso3", fig.iso3), ("regions", fig.regions)):
        if names:
            emit(f"  {label:<12} {cut('; '.join(names))}")
    if fig.group:
        emit(f"  group        {fig.group} ({fig.group_role})")
    if fig.linked_to:
        emit(f"  linked to    {fig.linked_to}")
    outside = fig.corroboration()
    if not outside.height:
        emit("  outside      no outside source found")
    for row in outside.iter_rows(named=True):
        published = f" ({row['published']})" if row["published"] else ""
        # Who published the value and what was read: a republication by IOM is no independent check.
        independence = "independent of IOM" if row["independent_of_iom"] else "not independent of IOM"
        kind = f"{row['copy']}, {independence}"
        repeats = f"; repeats {row['restates']}" if row["restates"] else ""
        emit(f"  outside      {row['agreement']}: {value_phrase(row['outside_value'], row['outside_unit'])}, "
             f"{row['publisher']} ({kind}{repeats}): {cut(row['source'])}{published}")
        if args.wide:
            emit(f"               {row['url']}")


def _ids_whole(df: pl.DataFrame, *, wide: bool) -> pl.DataFrame:
    """``df`` with its text cut to 60 characters (unless ``wide``), but never its ids.

    An id is what the reader copies into the next command, so it is shown
    whole; :func:`print_frame` would cut every column alike.
    """
    import polars as pl

    if wide:
        return df
    text = [c for c, t in df.schema.items() if t == pl.String and c != "id"]
    return df.with_columns(
        pl.when(pl.col(c).str.len_chars() > 60).then(pl.col(c).str.slice(0, 59) + "…").otherwise(pl.col(c))
        for c in text)


# --- the parser ------------------------------------------------------------------------


def _whole_number(text: str, minimum: int) -> int:
    import argparse

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {_quote(text)}") from None
    if value < minimum:
        raise argparse.ArgumentTypeError(f"must be {minimum} or more")
    return value


def _cmd_finance(args: argparse.Namespace) -> None:
    import polars as pl

    from iom_annual._finance import finance_by_country, finance_by_year, finance_donors

    if args.donors is not None and args.countries is not None:
        raise _UsageError("--donors and --countries cannot be used together")
    millions = [pl.col(c).truediv(1e6).round(1) for c in ("total", "amount")]
    if args.donors is not None:
        df = finance_donors(args.donors)
        emit(f"IOM's donors in {args.donors}, USD millions (CEB; iom-annual describe finance_donors)")
        shown = df.select("donor", "donor_type", "iso3", millions[0].alias("usd_millions"))
        print_frame(shown, head=args.head, wide=args.wide)
        return
    if args.countries is not None:
        df = finance_by_country(args.countries)
        emit(f"IOM's expenses by country in {args.countries}, USD millions (CEB; "
             "iom-annual describe finance_by_country)")
        print_frame(df.select("iso3", "country", millions[1].alias("usd_millions")), head=args.head,
                    wide=args.wide)
        return
    columns = ("revenue", "assessed", "voluntary_unearmarked", "voluntary_earmarked", "other", "expenses",
               "development", "humanitarian", "global_agenda")
    emit("IOM's revenue and expenses, USD millions (UN System Chief Executives Board; "
         "iom-annual show finance_checks for where its files disagree)")
    df = finance_by_year().select("year", *(pl.col(c).truediv(1e6).round(1) for c in columns))
    # Millions, not the registry's dollars: plain numbers (the title gives the unit).
    print_frame(df, head=df.height, wide=args.wide, units=dict.fromkeys(columns))


def _head(text: str) -> int:
    return _whole_number(text, 0)


def _limit(text: str) -> int:
    return _whole_number(text, 1)


def _wide(p: argparse.ArgumentParser) -> None:
    p.add_argument("--wide", "--full", action="store_true", dest="wide",
                   help="show long text whole instead of cut short")


def _setup_list(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _add(sub, "list", help="list the bundled datasets",
         description="List every bundled dataset with its size and source.").set_defaults(run=_cmd_list)


def _setup_describe(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "describe", dataset=True, help="what a dataset holds, and its columns",
             description="Print a dataset's description, source, citation and columns "
                         "(type, unit, HXL tag, meaning).")
    _wide(p)
    p.set_defaults(run=_cmd_describe)


def _setup_show(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "show", dataset=True, help="print the first rows of a dataset",
             description="Print the first rows of a dataset, optionally some columns only and the "
                         "rows matching a key. A filter applies only to a dataset with that column "
                         "(see: iom-annual describe NAME).")
    p.add_argument("--head", type=_head, default=10, metavar="N", help="rows to show (default 10)")
    p.add_argument("--columns", metavar="A,B", help="only these columns, in this order")
    for key in _FILTER_KEYS:
        also = "; a nationality also by ISO3 code" if key == "nationality" else ""
        p.add_argument(f"--{key}", metavar=key.upper(), help=f"only rows with this {key} (any case{also})")
    p.add_argument("--as-published", action="store_true",
                   help="staff_by_nationality or staff_by_grade in the layout of Annexes II and III "
                        "(--category picks one annex)")
    _wide(p)
    p.set_defaults(run=_cmd_show)


def _setup_export(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "export", dataset=True, help="write a dataset as CSV, Parquet, JSON or Excel",
             description="Write a dataset as CSV, Parquet, JSON or Excel. The format is taken from "
                         "the ending of -o FILE unless --format is given; to stdout the default is "
                         "CSV. An existing file is replaced only with --force, and never left "
                         "half-written.")
    p.add_argument("--format", type=_lower, choices=_Choices("_output.export", "FORMATS"), metavar="FORMAT",
                   help="csv, parquet, json or xlsx (default: from the file's ending, else csv)")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--hxl", action="store_true", help="CSV only: add the row of HXL hashtags")
    p.set_defaults(run=_cmd_export)


def _setup_summary(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    _add(sub, "summary", help="headline staff figures",
         description="Print the headline staff figures of the report.").set_defaults(run=_cmd_summary)


def _setup_verify(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "verify", help="check the bundled data",
             description="Check every bundled file against its recorded hash and every identity "
                         "between the tables; exit 1 if anything fails.")
    p.add_argument("--data-dir", metavar="DIR", help="check a copy of the data files instead")
    p.set_defaults(run=_cmd_verify)


def _setup_cite(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "cite", help="how to cite the report and this package",
             description="Print the citations of the report and of this package.")
    p.add_argument("--format", type=_lower, choices=_Choices("_output.cite", "CITATION_FORMATS"),
                   default="text", metavar="FORMAT", help="text (default), bibtex or csl-json")
    p.set_defaults(run=_cmd_cite)


def _setup_search(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "search", help="find figures, datasets, columns, themes and countries",
             description="Find what the report says about something: figures, datasets, their "
                         "columns, themes and countries, best first. Any case and word form, and a "
                         "typing slip, are fine. Each id works with figure, show, describe or country.")
    p.add_argument("query", nargs="+", metavar="QUERY", help="words, a code (KEN, 404) or an id")
    p.add_argument("--kind", type=_lower, choices=_Choices("_search", "KINDS"), action="append",
                   metavar="KIND", help="only results of this kind: figure, dataset, column, theme "
                                        "or country (any case; repeat for several)")
    p.add_argument("--limit", type=_limit, default=20, metavar="N", help="at most N results (default 20)")
    _wide(p)
    p.set_defaults(run=_cmd_search)


def _setup_figure(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "figure", help="one figure of the report's text, or a theme's figures",
             description="Print one figure of the report's text: its value in words and as printed, "
                         "what it counts, where the report prints it, the places it is about, and what "
                         "outside sources say of it (who published each value, and whether independently of "
                         "IOM). Given a theme, list the theme's figures.")
    p.add_argument("id", metavar="ID", help="a figure id, theme.metric (wash.people_supported), "
                                            "or a theme (wash); see: iom-annual search")
    _wide(p)
    p.set_defaults(run=_cmd_figure)


def _finance_year(text: str) -> int:
    return _whole_number(text, 0)


def _setup_finance(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "finance", help="IOM's revenue and expenses 2011-2024 (CEB)",
             description="Print IOM's revenue by type and expenses by function for each year from "
                         "2011 to 2024, from the UN System Chief Executives Board's statistics; or one "
                         "year's donors (2013-2024) or expenses by country (2016-2024).")
    p.add_argument("--donors", type=_finance_year, metavar="YEAR",
                   help="the donors of one year, largest first")
    p.add_argument("--countries", type=_finance_year, metavar="YEAR",
                   help="the expenses by country of one year, largest first")
    p.add_argument("--head", type=_head, default=10, metavar="N",
                   help="rows of --donors or --countries to show (default 10); every year is always shown")
    _wide(p)
    p.set_defaults(run=_cmd_finance)


def _setup_country(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = _add(sub, "country", help="one country: codes, region, membership, staff, figures",
             description="Print a country's profile: its codes, region, IOM membership and OECD DAC "
                         "status, its staff by nationality with their rank and share, and the "
                         "figures of the report about it.")
    p.add_argument("name", nargs="+", metavar="NAME",
                   help="a name as the report prints it (any case), an ISO3 or an M49 code")
    _wide(p)
    p.set_defaults(run=_cmd_country)


# Add a command by writing its _setup_ and _cmd_ functions and listing the setup here.
_SETUPS: tuple[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None], ...] = (
    _setup_list, _setup_describe, _setup_show, _setup_search, _setup_figure, _setup_country, _setup_export,
    _setup_summary, _setup_verify, _setup_cite, _setup_finance,
)


def _add(sub: argparse._SubParsersAction[argparse.ArgumentParser], name: str, *, help: str,
         description: str, dataset: bool = False) -> argparse.ArgumentParser:
    """A sub-command's parser, formatted like the main one; ``dataset``: it takes a dataset name."""
    p = sub.add_parser(name, help=help, description=description, formatter_class=_formatter)
    if dataset:
        p.add_argument("name", help="dataset name (see: iom-annual list)")
    return p


def _formatter(prog: str) -> argparse.HelpFormatter:
    # With a width given, argparse does not import shutil (and with it bz2, lzma).
    import argparse

    return argparse.RawDescriptionHelpFormatter(prog, width=_terminal_width())


def _terminal_width() -> int:
    """The width argparse would use (``$COLUMNS``, else the terminal's, else 80), less 2."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 80
    return max(columns - 2, 40)


def _short_quotes(message: str) -> str:
    """``message`` with every quoted text cut to 80 characters, so that it stays one readable line."""
    import re

    return re.sub(r"'([^']{80})[^']+'", r"'\1…'", message)


def _parser() -> argparse.ArgumentParser:
    import argparse

    from iom_annual import __version__

    class Parser(argparse.ArgumentParser):
        def error(self, message: str) -> None:  # type: ignore[override]
            super().error(_short_quotes(message))  # argparse quotes the offending input whole

    # No year here: reading the edition from the registry would cost --help a third
    # of its time (benchmarks/run.py), and `cite` names the edition.
    parser = Parser(prog="iom-annual",
                    description="IOM's Annual Report as cited datasets; 'iom-annual cite' names the edition.",
                    epilog=EXIT_STATUSES, formatter_class=_formatter)
    parser.add_argument("-V", "--version", action="version", version=f"iom-annual {__version__}")
    # The sub-parsers are Parsers too (argparse uses the parent's class).
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for setup in _SETUPS:
        setup(sub)  # type: ignore[arg-type]
    return parser


def _status(exc: BaseException) -> tuple[int, str]:
    """The exit status and the one line of stderr for a failure."""
    from iom_annual._core.errors import InvalidArgumentError, IomAnnualError
    from iom_annual._output.export import IncompatibleOptionsError

    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    if isinstance(exc, (_UsageError, InvalidArgumentError, IncompatibleOptionsError)):
        return 2, first
    if isinstance(exc, IomAnnualError):
        return 1, first
    if isinstance(exc, _ClosedOutput):
        return 1, "standard output is closed"
    if isinstance(exc, OSError):
        where = f" {_quote(str(exc.filename))}" if exc.filename is not None else ""
        return 1, f"cannot write{where}: {exc.strerror or type(exc).__name__}"
    # Not blamed on the installation: damaged data are DataIntegrityErrors, caught above.
    return 1, f"unexpected {type(exc).__name__}: {first[:160]} (please report it as a bug)"


def _quiet_stdout() -> None:
    """After a broken pipe: point stdout at devnull so that the exit flush cannot fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
    except OSError:
        return
    try:
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, AttributeError, ValueError):
        pass  # no file descriptor behind stdout: nothing will flush to the pipe
    finally:
        os.close(devnull)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 on success (and with no arguments, after printing the help), 1
        for a failed check or a data or output problem, 2 for a usage error
        or a bad ``POLARS_MAX_THREADS``, 130 when interrupted.

    Raises
    ------
    SystemExit
        From the argument parser: status 0 after ``--help`` or ``--version``,
        2 for arguments it rejects.

    Examples
    --------
    >>> from iom_annual.cli import main
    >>> main(["show", "staff_headcount", "--columns", "year,total", "--year", "2021"])
    ... # doctest: +ELLIPSIS
    Headcount by category, 1995-2021 (...)
    ...
    │ 2021 ┆ 17,761 │
    └──────┴────────┘
    1 of 1 rows, 2 columns
    0
    """
    try:  # Ctrl-C before a command runs is as quiet as during one
        args_in = sys.argv[1:] if argv is None else list(argv)
        refused = _refused(args_in)
        if refused is not None:
            return refused
        if not args_in:  # no command: what the command line can do (a question, not a mistake)
            return _guarded(lambda: emit(_parser().format_help().rstrip("\n")))
        fast = _without_parser(args_in)
        if fast is not None:
            return _guarded(fast)
        # Guarded too: Python 3.10's argparse writes --help and usage errors without
        # catching a closed or broken stream (3.11 and later catch it themselves).
        parsed: list[argparse.Namespace] = []
        status = _guarded(lambda: parsed.append(_parser().parse_args(args_in)))
        if not parsed:
            return status
        args = parsed[0]
        return _guarded(lambda: args.run(args))
    except KeyboardInterrupt:
        _error("interrupted")
        return 130


def _refused(args_in: Sequence[str]) -> int | None:
    """The exit status of a run that cannot start (a bad environment, nowhere to print), else None."""
    problem = _environment_problem()
    if problem is not None:
        _error(problem)
        return 2
    if sys.stdout is None and (not args_in or {"-h", "--help", "-V", "--version"} & set(args_in)):
        _error("standard output is closed: there is nowhere to print")  # argparse would say nothing
        return 1
    return None


def _environment_problem() -> str | None:
    """A setting of the environment that would make polars panic, explained in one line."""
    import os

    threads = os.environ.get("POLARS_MAX_THREADS")
    if threads is not None and not (threads.strip().isascii() and threads.strip().isdigit()
                                    and int(threads) >= 1):
        return (f"POLARS_MAX_THREADS must be a whole number of 1 or more, not {_quote(threads)} "
                "(unset it to use every core)")
    return None


def _error(line: str) -> None:
    """``error: line`` on stderr, cut to one readable line; dropped if stderr is closed.

    Never to stdout: with ``2>&-`` Python's ``print(file=None)`` would write
    the error into the output (an exported CSV, say).
    """
    if len(line) > 500:  # input quoted whole by a message we do not control
        line = line[:499] + "…"
    stream = sys.stderr
    if stream is None:
        return
    try:
        stream.write(f"error: {line}\n")
        stream.flush()
    except (OSError, ValueError):
        pass  # stderr closed under us: the exit status still tells


def _without_parser(args_in: Sequence[str]) -> Callable[[], None] | None:
    """The commonest plain calls, answered without argparse; None for anything else.

    Building the parser costs more than the whole of ``list`` (argparse, and
    the gettext and locale look-ups of every sub-parser: ~6 ms, a third of the
    interpreter's start).  Only argument lists that argparse would read the
    same way are taken here: no option, nothing that starts with "-".
    """
    if args_in in (["--version"], ["-V"]):
        from iom_annual import __version__

        return lambda: emit(f"iom-annual {__version__}")
    if list(args_in) == ["list"]:
        return _list
    if len(args_in) == 2 and args_in[0] == "describe" and not args_in[1].startswith("-"):
        return lambda: _describe(args_in[1], wide=False)
    return None


def _guarded(run: Callable[[], int | None]) -> int:
    try:
        status = run()
        if sys.stdout is not None:
            sys.stdout.flush()  # a broken pipe shows here when the output was buffered
    except BrokenPipeError:
        _quiet_stdout()
        return 0
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except Exception as exc:  # the command line's promise: one line, never a traceback
        code, line = _status(exc)
        # The library's messages may quote the input whole (the command line's own use _quote).
        _error(_short_quotes(line))
        return code
    return status if isinstance(status, int) else 0
