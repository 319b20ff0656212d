"""Regenerate the data bundled in ``src/iom_annual/data`` from the report text.

Usage::

    python tools/build_data.py [--source PATH] [--check]

The source is pinned by name and SHA-256 in ``datasets.json`` (the metadata
registry); the build refuses any other text.  Column order and names come from
the registry too, so the schema is written down once.  ``--check`` compares
instead of writing and exits non-zero when a bundled file would change.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools import annex_tables as at
from tools.countries import CountryError, country_code, demonyms, find_places, lookup, place, tag_figures
from tools.finance import UpstreamError
from tools.key_figures import CurationError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "iom_annual"
DATA = PACKAGE / "data"
CURATED = ROOT / "tools" / "curated"
SOURCES = ROOT.parent / "shared" / "source"  # the edition's source_file (datasets.json) is read from here

Row = dict[str, Any]


class SourceError(RuntimeError):
    """The source text is not the pinned one, or a table cannot be found in it."""


def registry() -> dict[str, Any]:
    """The registry of the source tree, its references resolved as the package does."""
    from iom_annual._data.registry import expand

    with (DATA / "datasets.json").open(encoding="utf-8") as fh:
        return expand(json.load(fh))


def read_source(path: Path, expected_sha256: str) -> list[str]:
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != expected_sha256:
        raise SourceError(f"{path}: sha256 {digest} is not the pinned {expected_sha256}")
    return raw.decode("utf-8").split("\n")


def span(lines: Sequence[str], start: str, end: str | None, after: int = 0) -> tuple[int, int]:
    """Indices of the lines from the heading ``start`` up to the heading ``end``."""
    first = next((i for i in range(after, len(lines)) if lines[i].strip() == start), None)
    if first is None:
        raise SourceError(f"heading {start!r} not found")
    if end is None:
        return first, len(lines)
    last = next((i for i in range(first + 1, len(lines)) if lines[i].strip() == end), None)
    if last is None:
        raise SourceError(f"heading {end!r} not found after {start!r}")
    return first, last


def labelled(lines: Sequence[str], label: str) -> str:
    """The cells of the one table row whose label is ``label``."""
    pattern = re.compile(rf"^\s*{re.escape(label)}\s+(?=[\d+\-])(.*?)\s*$")
    hits = [m.group(1) for line in lines if (m := pattern.match(line))]
    if len(hits) != 1:
        raise SourceError(f"expected one row labelled {label!r}, found {len(hits)}")
    return hits[0]


def percents(cells: str) -> list[int]:
    return [int(p) for p in re.findall(r"(\d+)%", cells)]


def changes(cells: str) -> list[int]:
    # The report prints "-" where the change is zero.
    return [0 if token == "-" else int(token) for token in cells.split()]


def table_lines(annex_i: Sequence[str], number: int) -> list[str]:
    start = next(i for i, line in enumerate(annex_i) if line.strip().startswith(f"Table {number}."))
    end = next((i for i, line in enumerate(annex_i)
                if i > start and line.strip().startswith(f"Table {number + 1}.")), len(annex_i))
    return list(annex_i[start:end])


def years_of(lines: Sequence[str]) -> list[int]:
    header = next(line for line in lines if re.fullmatch(r"\s*(Category)?(\s+(19|20)\d\d)+\s*", line))
    return [int(y) for y in re.findall(r"(?:19|20)\d\d", header)]


def build_annex_i(annex_i: Sequence[str], grade_groups: Sequence[str], year: int) -> dict[str, list[Row]]:
    """Tables 1 to 4 of Annex I; ``grade_groups`` are Table 2's header labels, from the registry,
    and ``year`` the edition's (Table 2 prints its counts and the women's shares of two years before)."""
    out: dict[str, list[Row]] = {}

    t1 = table_lines(annex_i, 1)
    years = years_of(t1)
    n = len(years)
    men, women, total = at.split_rows(
        [labelled(t1, label) for label in ("Men", "Women", "Total")], n, at.adds_up)
    pct = percents(labelled(t1, "Percentage of women"))
    out["professional_staff_by_sex"] = [
        {"year": y, "men": m, "women": w, "total": t, "women_percent": p}
        for y, m, w, t, p in zip(years, men, women, total, pct, strict=True)
    ]

    t2 = table_lines(annex_i, 2)
    grades = list(grade_groups)
    header = next(line for line in t2 if line.strip().startswith(f"{year} {grades[0]}"))
    if header.split()[1:] != grades:
        raise SourceError(f"Table 2 header changed: {header!r}")
    g = len(grades)
    men2, women2, total2 = at.split_rows(
        [labelled(t2, label) for label in ("Men", "Women", f"Total in {year}")], g, at.adds_up)
    by_year = {y: percents(labelled(t2, f"Percentage of women in {y}")) for y in range(year - 2, year + 1)}
    change_line = next(line for line in t2 if re.fullmatch(r"\s*([+-]\d*\s+)+[+-]\d*\s*", line))
    change2 = changes(change_line)
    rows2: list[Row] = []
    for i, grade in enumerate(grades):
        for shown, shares in by_year.items():
            latest = shown == year
            rows2.append({
                "grade": grade, "year": shown,
                "men": men2[i] if latest else None,
                "women": women2[i] if latest else None,
                "total": total2[i] if latest else None,
                "women_percent": shares[i],
                "women_percent_change_2019_2021": change2[i] if latest else None,
            })
    out["professional_women_by_grade"] = rows2

    t3 = table_lines(annex_i, 3)
    years3 = years_of(t3)
    n3 = len(years3)
    cols3 = (
        *at.split_rows([labelled(t3, label) for label in ("Men", "Women", "Total")], n3, at.adds_up),
        percents(labelled(t3, "Percentage of women")),
        changes(labelled(t3, "Change in percentage of women (percentage points)")),
    )
    out["senior_staff_by_sex"] = [
        {"year": y, "men": m, "women": w, "total": t, "women_percent": p, "women_percent_change": c}
        for y, m, w, t, p, c in zip(years3, *cols3, strict=True)
    ]

    t4 = table_lines(annex_i, 4)
    years4 = years_of(t4)
    n4 = len(years4)
    prof, gs, tot = at.split_rows(
        [labelled(t4, label) for label in
         ("International Professional", "General Service and National Officers", "Total")],
        n4, at.adds_up)
    pct4 = percents(labelled(t4, "Percentage of international Professional"))
    out["staff_headcount"] = [
        {"year": y, "international_professional": p, "general_service": s, "total": t,
         "professional_percent": q}
        for y, p, s, t, q in zip(years4, prof, gs, tot, pct4, strict=True)
    ]
    return out


def build_annex_iv(annex_iv: Sequence[str]) -> list[Row]:
    years = years_of(annex_iv)
    n = len(years)
    counted = at.split_rows(
        [labelled(annex_iv, label) for label in
         ("Number of Member State nationalities", "Number of non-member State nationalities",
          "Total nationalities represented")], n, at.adds_up)
    # A year cannot have more Member State nationalities than Member States.
    (states,) = at.split_rows([labelled(annex_iv, "Number of Member States")], n,
                              lambda combo: all(m <= s for m, s in zip(counted[0], combo[0], strict=True)))
    cols = (
        *counted,
        states,
        percents(labelled(annex_iv, "Percentage of Member States represented")),
    )
    names = ("member_state_nationalities", "non_member_state_nationalities", "total_nationalities",
             "member_states", "member_states_represented_percent")
    return [{"year": y, **dict(zip(names, values, strict=True))}
            for y, *values in zip(years, *cols, strict=True)]


def build_countries(tables: Mapping[str, at.AnnexTable], narrative: Iterable[tuple[str, str]]) -> list[Row]:
    """One row per country, keyed by ISO3, with every spelling the report prints.

    ``name`` is the first spelling of the annexes (Annex II before Annex III);
    ``aliases`` the other spellings of the annexes and of the narrative
    (``narrative`` yields ISO3 and printed name pairs); ``demonyms`` the
    curated words for its people that do not begin like its name.  The annexes' 'Other'
    row names no country and has no row here.
    """
    seen: dict[str, bool] = {}
    for table in tables.values():
        for name, member, _ in table.rows:
            if seen.setdefault(name, member) != member:
                raise SourceError(f"{name} is printed in different blocks of the two annexes")
    by_iso3: dict[str, Row] = {}
    for name, member in seen.items():
        info = lookup(name)
        if info is None:
            continue
        row = by_iso3.setdefault(info.iso3, {
            "iso3": info.iso3, "m49": info.m49, "name": name, "spellings": [name],
            "region": info.region, "subregion": info.subregion, "member_state": member,
            "oecd_dac_2021": info.oecd_dac_2021,
        })
        if row["member_state"] != member:
            raise SourceError(f"{info.iso3} is printed in different blocks of the two annexes")
        row["spellings"].append(name)
    for iso3, printed in narrative:
        if iso3 in by_iso3:
            by_iso3[iso3]["spellings"].append(printed)
    return [
        {**{k: v for k, v in row.items() if k != "spellings"},
         "aliases": "; ".join(a for a in dict.fromkeys(row["spellings"]) if a != row["name"]) or None,
         "demonyms": "; ".join(demonyms().get(row["iso3"], ())) or None}
        for row in by_iso3.values()
    ]


def build_printed_totals(tables: Mapping[str, at.AnnexTable], annexes: Mapping[str, str]) -> list[Row]:
    """The printed Total rows; ``annexes`` names each category's annex (the registry's ``categories``)."""
    rows: list[Row] = []
    for category, annex in annexes.items():
        table = tables[category]
        total = table.total_row
        cells = [*zip(table.grades, total.grades, strict=True),
                 ("Total", total.total), ("F", total.female), ("M", total.male)]
        rows.extend({"category": category, "column": column, "value": value, "annex": annex}
                    for column, value in cells)
    return rows


def build_staff(tables: Mapping[str, at.AnnexTable],
                annexes: Mapping[str, str]) -> tuple[list[Row], list[Row]]:
    """Annexes II and III's rows; ``annexes`` names each category's annex (the registry's ``categories``)."""
    by_nationality: list[Row] = []
    by_grade: list[Row] = []
    for category, annex in annexes.items():
        table = tables[category]
        for name, member, reading in table.rows:
            info = lookup(name)
            iso3 = info.iso3 if info else None
            base = {"nationality": name, "iso3": iso3, "member_state": member, "category": category}
            by_nationality.append({**base, "total": reading.total, "female": reading.female,
                                   "male": reading.male, "annex": annex})
            by_grade.extend({**base, "grade": grade, "staff": staff, "annex": annex}
                            for grade, staff in zip(table.grades, reading.grades, strict=True))
    return by_nationality, by_grade


def fmt(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def to_csv(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        if set(row) != set(columns):
            raise SourceError(f"row keys {sorted(row)} differ from the registry's {list(columns)}")
        writer.writerow([fmt(row[c]) for c in columns])
    return buf.getvalue().encode("utf-8")


def search_thesaurus(path: Path, figures: Sequence[Row]) -> list[Row]:
    """The curated everyday words of search, checked: one row per word, each
    theme a theme of the figures, and a reason on every row."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows: list[Row] = list(csv.DictReader(fh))
    themes = {row["theme"] for row in figures}
    seen: set[str] = set()
    for row in rows:
        word = row["word"]
        named = {t.strip() for t in row["themes"].split(";")}
        folded = word == word.strip().casefold()
        if word in seen or not folded or not row["reason"].strip() or not named <= themes:
            raise CurationError(f"search_thesaurus.csv: bad row for {word!r}: repeated, not folded, "
                                f"without a reason or with an unknown theme ({sorted(named - themes)})")
        seen.add(word)
    return rows


def build(source: Path) -> dict[str, bytes]:
    """Every generated file, by path inside the package, as the source text implies."""
    from tools import country_names, datapackage, finance
    from tools import key_figures as kf
    from tools.corroboration import corroboration, unearmarked_contributions
    from tools.discrepancies import computed_discrepancies, curated_discrepancies
    from tools.report_text import segments

    reg = registry()
    lines = read_source(source, reg["edition"]["source_sha256"])
    i_start, i_end = span(lines, "Annex I", "Annex II")
    ii_start, ii_end = span(lines, "Annex II", "Annex III", i_end)
    iii_start, iii_end = span(lines, "Annex III", "Annex IV", ii_end)
    iv_start, iv_end = span(lines, "Annex IV", None, iii_end + 1)

    tables = {
        "general_service": at.parse_annex(lines[ii_start:ii_end], ii_start + 1,
                                          reg["grades"]["general_service"]),
        "professional": at.parse_annex(lines[iii_start:iii_end], iii_start + 1,
                                       reg["grades"]["professional"]),
    }
    data: dict[str, list[Row]] = build_annex_i(lines[i_start:i_end], list(reg["grade_groups"]),
                                               reg["edition"]["year"])
    data["nationalities_represented"] = build_annex_iv(lines[iv_start:iv_end])
    data["staff_by_nationality"], data["staff_by_grade"] = build_staff(tables, reg["categories"])
    passages = segments(source)
    texts = {place(*key): seg.text for key, seg in passages.items()}
    data["countries"] = build_countries(
        tables, (pair for text in texts.values() for pair in find_places(text).printed))
    data["country_names"] = country_names.table(data["countries"])
    data["printed_totals"] = build_printed_totals(tables, reg["categories"])
    order = {key: i for i, key in enumerate(passages)}
    namespaces = {t["name"]: t["namespace"] for t in reg["themes"]}
    data["key_figures"] = tag_figures(kf.figures(CURATED, namespaces, order), texts)
    data["charts"] = kf.charts(CURATED, order)
    data["discrepancies"] = [*computed_discrepancies(data), *curated_discrepancies(CURATED)]
    data["corroboration"] = corroboration(CURATED, data["key_figures"],
                                          [r["id"] for r in data["discrepancies"]])
    data["search_thesaurus"] = search_thesaurus(CURATED / "search_thesaurus.csv", data["key_figures"])
    data["unearmarked_contributions"] = unearmarked_contributions(
        CURATED, lambda name: info.iso3 if (info := lookup(name)) else None)
    data.update(finance.build(CURATED, data["key_figures"], country_code))

    files: dict[str, bytes] = {}
    manifest: dict[str, Any] = {"source_sha256": reg["edition"]["source_sha256"], "files": {}}
    for meta in reg["datasets"]:
        rows = data[meta["name"]]
        content = to_csv([c["name"] for c in meta["columns"]], rows)
        files[f"data/{meta['file']}"] = content
        manifest["files"][meta["file"]] = {
            "sha256": hashlib.sha256(content).hexdigest(), "bytes": len(content), "rows": len(rows),
        }
    missing = set(data) - {m["name"] for m in reg["datasets"]}
    if missing:
        raise SourceError(f"built datasets missing from the registry: {sorted(missing)}")
    files["_figures/types.pyi"] = kf.themes_stub(data["key_figures"], reg["themes"],
                                          [m["name"] for m in reg["datasets"]]).encode("utf-8")
    files["data/datapackage.json"] = datapackage.descriptor(
        reg, files, datapackage.version(PACKAGE / "__init__.py"))
    # The two metadata files are recorded too, and the manifest's own hash is
    # pinned in code: a manifest edited to match a tampered file then fails.
    manifest["metadata"] = {
        "datasets.json": hashlib.sha256((DATA / "datasets.json").read_bytes()).hexdigest(),
        "datapackage.json": hashlib.sha256(files["data/datapackage.json"]).hexdigest(),
    }
    files["data/manifest.json"] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    files["_data/pins.py"] = pins_module(files["data/manifest.json"])
    return files


def pins_module(manifest: bytes) -> bytes:
    """``iom_annual/_data/pins.py``: the SHA-256 of ``data/manifest.json``, written by the build."""
    return (f'"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,\n'
            f'which records the hash of every other bundled file."""\n\n'
            f'MANIFEST_SHA256 = "{hashlib.sha256(manifest).hexdigest()}"\n').encode()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=SOURCES / registry()["edition"]["source_file"])
    parser.add_argument("--check", action="store_true", help="compare, do not write")
    args = parser.parse_args(argv)
    try:
        # The build reads the registry of the tree it writes the hashes of: unchecked, for now.
        from iom_annual._data.registry import building

        with building():
            files = build(args.source)
    except (SourceError, at.AmbiguousRowError, CurationError, CountryError, UpstreamError) as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 2
    stale = [name for name, content in files.items()
             if not (PACKAGE / name).exists() or (PACKAGE / name).read_bytes() != content]
    if args.check:
        for name in stale:
            print(f"out of date: {name}", file=sys.stderr)
        return 1 if stale else 0
    for name in stale:
        (PACKAGE / name).write_bytes(files[name])
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
