"""Shared fixtures.

The tests import ``iom_annual`` from wherever it is installed (CI installs
the wheel), and the build code from ``tools/`` beside this folder.  The
report text is looked for in ``../shared/source`` (or ``$IOM_ANNUAL_SOURCE``);
with ``IOM_ANNUAL_REQUIRE_SOURCE=1`` (set by CI) its absence is an error,
not a skip.
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    import polars as pl

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

@pytest.fixture(scope="session")
def source_path() -> Path:
    import iom_annual  # the edition names its source file (datasets.json)

    source = Path(os.environ.get("IOM_ANNUAL_SOURCE",
                                 ROOT.parent / "shared" / "source" / iom_annual.edition().source_file))
    if not source.exists():
        if os.environ.get("IOM_ANNUAL_REQUIRE_SOURCE") == "1":
            pytest.fail(f"the report text is required but missing: {source}")
        pytest.skip(f"report text not found at {source}")
    return source


@pytest.fixture(scope="session")
def segments(source_path: Path) -> dict[tuple[str, int | None], object]:
    from tools.report_text import segments as split

    return split(source_path)  # type: ignore[return-value]


@pytest.fixture
def fresh_caches() -> Iterator[None]:
    """Every cached value of the package forgotten before and after the test (``_cache.reset``)."""
    from iom_annual._core import cache as _cache

    _cache.reset()
    yield
    _cache.reset()


# The narrative figures, read on first use by the tests that need them, not at
# import: a loader bug fails those tests, not the collection of the suite.
@functools.cache
def key_figures() -> pl.DataFrame:
    import iom_annual

    return iom_annual.key_figures()


@functools.cache
def key_figure_rows() -> dict[str, dict[str, Any]]:
    """Each figure's row by id."""
    return {r["id"]: r for r in key_figures().iter_rows(named=True)}
