"""The ``iom-annual`` command line: list, show, export, summarise, verify and cite.

Errors print one line on stderr and exit with status 2; there is no traceback.
Each command imports what it needs when it runs: ``--help`` imports nothing of
the package beyond this module, and ``list`` reads the registry but imports no
DataFrame library.
"""

from __future__ import annotations

import argparse
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing
if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = ["main"]



class _Formats:
    """``iom_annual.FORMATS``, imported only when argparse looks at the choices."""

    def __iter__(self) -> Iterator[str]:
        from iom_annual._export import FORMATS

        return iter(FORMATS)

    def __contains__(self, value: object) -> bool:
        return value in tuple(self)


_TEXT_FORMATS = ("csv", "json")  # the others are binary: they need -o FILE


def _cmd_list(args: argparse.Namespace) -> None:
    from iom_annual._registry import dataset_names, datasets, manifest

    files = manifest()
    width = max(len(n) for n in dataset_names())
    for meta in datasets():
        rows = files[meta.file].rows
        print(f"{meta.name:<{width}}  {rows:>5} rows  {meta.title}  [{meta.source}]")


def _cmd_show(args: argparse.Namespace) -> None:
    import polars as pl

    from iom_annual._loader import frame
    from iom_annual._registry import dataset

    meta = dataset(args.name)
    if args.as_published:
        _show_as_published(meta.name, args.category, args.head)
        return
    df = frame(meta.name)
    print(f"{meta.title} ({meta.citation})")
    with pl.Config(tbl_rows=args.head, tbl_cols=-1, tbl_width_chars=160, fmt_str_lengths=60):
        print(df.head(args.head))


def _show_as_published(name: str, category: str | None, head: int) -> None:
    import polars as pl

    from iom_annual._errors import InvalidArgumentError
    from iom_annual._staff import CATEGORIES, as_published

    if name not in ("staff_by_nationality", "staff_by_grade"):
        raise InvalidArgumentError(name, ("staff_by_nationality", "staff_by_grade"))
    for cat in [c for c in CATEGORIES if category in (None, c)]:
        table = as_published(cat)
        annex = "Annex II" if cat == "general_service" else "Annex III"
        print(f"{annex} as printed ({cat}): first {head} of {table.height - 1} nationalities, Total row")
        shown = pl.concat([table.head(min(head, table.height - 1)), table.tail(1)])
        with pl.Config(tbl_rows=-1, tbl_cols=-1, tbl_width_chars=220, fmt_str_lengths=40,
                       tbl_hide_dataframe_shape=True, tbl_hide_column_data_types=True):
            print(shown.drop("block"))


def _cmd_export(args: argparse.Namespace) -> None:
    from iom_annual._export import export

    data = export(args.name, args.format, args.output, hxl=args.hxl)
    if data is not None:
        sys.stdout.write(data.decode("utf-8"))


def _cmd_summary(args: argparse.Namespace) -> None:
    from iom_annual import metrics
    from iom_annual._loader import frame
    from iom_annual._registry import edition

    e = edition()
    t4 = frame("staff_headcount").filter(year=2021).row(0, named=True)
    t3 = frame("senior_staff_by_sex").filter(year=2021).row(0, named=True)
    t1 = frame("professional_staff_by_sex").filter(year=2021).row(0, named=True)
    iv = frame("nationalities_represented").filter(year=2021).row(0, named=True)
    share = metrics.women_share_by_category()
    everyone = share.filter(category="all").row(0, named=True)
    top = metrics.women_share_by_nationality().head(5)
    n_discrepancies = frame("discrepancies").height

    lines = [
        f"{e.publisher}, {e.title} ({e.symbol})",
        "Staff at the end of 2021",
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
        f"  Nationalities, Professional staff       {iv['total_nationalities']:>7}   Annex IV",
        "Largest nationalities (both categories)",
        *(f"  {r['nationality']:<38}{r['total']:>7,}   {r['women_percent']:.0f}% women"
          for r in top.iter_rows(named=True)),
        f"{n_discrepancies} discrepancies in the report are recorded: iom-annual show discrepancies",
    ]
    print("\n".join(lines))


def _cmd_verify(args: argparse.Namespace) -> int:
    from iom_annual._verify import verify

    report = verify(args.data_dir)
    print(report)
    return 0 if report.ok else 1


def _cmd_cite(args: argparse.Namespace) -> None:
    from iom_annual._cite import cite

    print(cite(args.format))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="iom-annual",
        description="The IOM Annual Report 2021 (C/113/INF/1/Rev.1) as cited datasets.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("list", help="list the bundled datasets",
                       description="List every bundled dataset with its size and source.")
    p.set_defaults(run=_cmd_list)

    p = sub.add_parser("show", help="print the first rows of a dataset",
                       description="Print the first rows of a dataset.")
    p.add_argument("name", help="dataset name (see: iom-annual list)")
    p.add_argument("--head", type=int, default=10, metavar="N", help="rows to show (default 10)")
    p.add_argument("--as-published", action="store_true",
                   help="staff_by_nationality or staff_by_grade in the layout of Annexes II and III")
    p.add_argument("--category", choices=("general_service", "professional"),
                   help="with --as-published: one annex only")
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser("export", help="write a dataset as CSV, Parquet, JSON or Excel",
                       description="Write a dataset as CSV, Parquet, JSON or Excel.")
    p.add_argument("name", help="dataset name (see: iom-annual list)")
    p.add_argument("--format", required=True, choices=_Formats(), metavar="FORMAT",
                   help="one of: %(choices)s")
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    p.add_argument("--hxl", action="store_true", help="CSV: add the row of HXL hashtags")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("summary", help="headline staff figures",
                       description="Print the headline staff figures of the report.")
    p.set_defaults(run=_cmd_summary)

    p = sub.add_parser("verify", help="check the bundled data",
                       description="Check every bundled file against its recorded hash and every "
                                   "identity between the tables; exit 1 if anything fails.")
    p.add_argument("--data-dir", metavar="DIR", help="check a copy of the data files instead")
    p.set_defaults(run=_cmd_verify)

    p = sub.add_parser("cite", help="how to cite the report and this package",
                       description="Print the citations of the report and of this package.")
    p.add_argument("--format", choices=("text", "bibtex", "csl-json"), default="text")
    p.set_defaults(run=_cmd_cite)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if getattr(args, "head", 1) < 0:
        print("error: --head must be 0 or more", file=sys.stderr)
        return 2
    if args.command == "export" and args.output is None and args.format not in _TEXT_FORMATS:
        print(f"error: {args.format} is binary: give a file with -o FILE", file=sys.stderr)
        return 2
    from iom_annual._errors import IomAnnualError

    try:
        status = args.run(args)
    except IomAnnualError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except OSError as exc:  # -o FILE cannot be written, say
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return status if isinstance(status, int) else 0
