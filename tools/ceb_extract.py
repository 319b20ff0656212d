"""Copy IOM's rows out of a stored snapshot of ``un-fck/open.unfck.org`` into ``tools/upstream/ceb``.

Usage::

    python tools/ceb_extract.py GIT_DIR            # write the pinned copy
    python tools/ceb_extract.py --check GIT_DIR    # exit 1 if it differs from a fresh extraction

``GIT_DIR`` is a bare clone of https://github.com/un-fck/open.unfck.org that
holds commit :data:`COMMIT`.  This script is run by hand, once, when the pin
changes; the build (``tools/finance.py``) never reads the network or the
clone, only the small files written here, and refuses them unless their
SHA-256 matches ``tools/upstream/ceb/manifest.json``.

What is copied, and how each row keeps its place in the upstream file:

- from the CEB's own tables (``data/ceb/...`` CSV files): every row whose
  entity column is ``IOM``, with ``upstream_row``, the 1-based line number in
  the upstream file (line 1 is the header);
- from the site's derived files (``public/data/*-{year}.json``): IOM's entry,
  one row per number, with ``year`` (which names the file) and ``key``, the
  JSON path of the number in that file; for the donor files, the status and
  category of each donor that gave to IOM that year.

The manifest records, for each written file, its SHA-256, and for each
upstream file read, its path, the commit and the SHA-256 of its bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

REPOSITORY = "un-fck/open.unfck.org"
COMMIT = "052fc73dce2d369a2b8c08a0d9ebe121c4a22095"
OUT = Path(__file__).resolve().parent / "upstream" / "ceb"
JSON_YEARS = range(2013, 2025)

# upstream CSV path -> (written file, the column naming the entity)
CSV_TABLES = {
    "data/ceb/clean/revenue_sub_agency.csv": ("revenue_sub_agency.csv", "agency"),
    "data/ceb/clean/expenses_sub_agency.csv": ("expenses_sub_agency.csv", "agency"),
    "data/ceb/fused/expenses.csv": ("expenses_fused.csv", "entity"),
}


def _show(git_dir: str, path: str) -> bytes:
    return subprocess.run(["git", "--git-dir", git_dir, "show", f"{COMMIT}:{path}"],
                          check=True, capture_output=True).stdout


def _csv(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


def extract(git_dir: str) -> dict[str, bytes]:
    """Every file to write under ``tools/upstream/ceb``, the manifest last."""
    files: dict[str, bytes] = {}
    upstream: dict[str, str] = {}
    sources: dict[str, str] = {}

    def read(path: str) -> bytes:
        raw = _show(git_dir, path)
        upstream[path] = hashlib.sha256(raw).hexdigest()
        return raw

    for path, (name, entity) in CSV_TABLES.items():
        lines = read(path).decode("utf-8").splitlines()
        header = next(csv.reader([lines[0]]))
        picked = []
        for number, row in enumerate(csv.reader(lines[1:]), start=2):
            if row[header.index(entity)] == "IOM":
                picked.append([number, *row])
        files[name] = _csv(["upstream_row", *header], picked)
        sources[name] = path

    revenue, donors, countries = [], [], []
    for year in JSON_YEARS:
        path = f"public/data/entity-revenue-{year}.json"
        iom = json.loads(read(path))["IOM"]
        revenue.append([year, "IOM.total", "", "total", repr(iom["total"])])
        revenue.extend([year, f"IOM.by_type.{kind}", "", kind, repr(amount)]
                       for kind, amount in iom["by_type"].items())
        for i, entry in enumerate(iom["by_donor"]):
            revenue.extend([year, f"IOM.by_donor[{i}].{field}", entry["donor"], field, repr(amount)]
                           for field, amount in entry.items() if field != "donor")
        path = f"public/data/donors-{year}.json"
        named = {entry["donor"] for entry in iom["by_donor"]}
        donors.extend([year, name, info["status"], info["category"]]
                      for name, info in json.loads(read(path)).items() if name in named)
        path = f"public/data/country-expenses-{year}.json"
        countries.extend([year, f"[{i}].entities.IOM", entry["iso3"], entry["name"],
                          repr(entry["entities"]["IOM"])]
                         for i, entry in enumerate(json.loads(read(path))) if "IOM" in entry["entities"])
    files["entity_revenue.csv"] = _csv(["year", "key", "donor", "field", "amount"], revenue)
    files["donors.csv"] = _csv(["year", "donor", "status", "category"], donors)
    files["country_expenses.csv"] = _csv(["year", "key", "iso3", "name", "amount"], countries)
    sources.update({"entity_revenue.csv": "public/data/entity-revenue-{year}.json",
                    "donors.csv": "public/data/donors-{year}.json",
                    "country_expenses.csv": "public/data/country-expenses-{year}.json"})

    manifest = {
        "repository": REPOSITORY,
        "commit": COMMIT,
        "files": {name: {"sha256": hashlib.sha256(content).hexdigest(), "upstream": sources[name]}
                  for name, content in sorted(files.items())},
        "upstream": dict(sorted(upstream.items())),
    }
    files["manifest.json"] = (json.dumps(manifest, indent=2) + "\n").encode("utf-8")
    return files


def main(argv: Sequence[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    check = "--check" in args
    args = [arg for arg in args if arg != "--check"]
    if len(args) != 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    if check:
        # A re-extraction must give the pinned bytes exactly; run by hand where a clone exists
        # (CI has none, and a test that would skip there proves nothing).
        stale = [name for name, content in extract(args[0]).items()
                 if not (OUT / name).is_file() or (OUT / name).read_bytes() != content]
        for name in stale:
            print(f"differs from a fresh extraction: {OUT / name}", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, content in extract(args[0]).items():
        (OUT / name).write_bytes(content)
        print(f"wrote {OUT / name} ({len(content)} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
