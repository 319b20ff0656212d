"""The ``iom-annual`` command line: list, show, export and summarise the datasets.

Errors print one line on stderr and exit with status 2; there is no traceback.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from iom_annual._errors import IomAnnualError
from iom_annual._export import FORMATS
from iom_annual._registry import dataset, dataset_names, datasets, edition, manifest

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["main"]


def _cmd_list(args: argparse.Namespace) -> None:
    files = manifest()
    width = max(len(n) for n in dataset_names())
    for meta in datasets():
        rows = files[meta.file].rows
        print(f"{meta.name:<{width}}  {rows:>5} rows  {meta.title}  [{meta.source}]")


def _cmd_show(args: argparse.Namespace) -> None:
    import polars as pl

    from iom_annual._loader import frame

    meta = dataset(args.name)
    df = frame(meta.name)
    print(f"{meta.title} ({meta.citation})")
    with pl.Config(tbl_rows=args.head, tbl_cols=-1, tbl_width_chars=160, fmt_str_lengths=60):
        print(df.head(args.head))


def _cmd_export(args: argparse.Namespace) -> None:
    from iom_annual._export import export

    if args.output is None and args.format == "parquet":
        raise SystemExit("error: parquet is binary: give a file with -o FILE")
    data = export(args.name, args.format, args.output)
    if data is not None:
        sys.stdout.write(data.decode("utf-8"))


def _cmd_summary(args: argparse.Namespace) -> None:
    from iom_annual import metrics
    from iom_annual._loader import frame

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
    p.set_defaults(run=_cmd_show)

    p = sub.add_parser("export", help="write a dataset as CSV, Parquet or JSON",
                       description="Write a dataset as CSV, Parquet or JSON.")
    p.add_argument("name", help="dataset name (see: iom-annual list)")
    p.add_argument("--format", required=True, choices=FORMATS)
    p.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    p.set_defaults(run=_cmd_export)

    p = sub.add_parser("summary", help="headline staff figures",
                       description="Print the headline staff figures of the report.")
    p.set_defaults(run=_cmd_summary)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    if getattr(args, "head", 1) < 0:
        print("error: --head must be 0 or more", file=sys.stderr)
        return 2
    try:
        args.run(args)
    except IomAnnualError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    return 0
