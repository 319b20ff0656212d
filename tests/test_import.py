"""Importing the package is cheap: no file read, no polars, no pydantic."""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import subprocess
import sys

import pytest

import iom_annual


def test_import_loads_nothing_heavy() -> None:
    code = ("import sys, builtins\n"
            "opened = []\n"
            "real = builtins.open\n"
            "builtins.open = lambda *a, **k: (opened.append(a[0]), real(*a, **k))[1]\n"
            "import iom_annual\n"
            "heavy = [m for m in ('polars', 'pydantic', 'iom_annual._staff.models') if m in sys.modules]\n"
            "assert not heavy, heavy\n"
            "assert not [p for p in opened if 'iom_annual' in str(p)], opened\n")
    _runs_in_a_fresh_process(code)


def test_serving_figures_does_not_import_pydantic() -> None:
    # Pydantic's import and a model class cost about a third of the first
    # frame: the bundled figures are served without it, and only a figure
    # made by hand is validated with it.
    code = ("import sys, iom_annual\n"
            "fig = iom_annual.operations.wash.people_supported\n"
            "iom_annual.figure('cccm.displacement_sites'); iom_annual.institution.finance.figures()\n"
            "repr(fig); fig._repr_html_(); fig.model_dump(); iom_annual.key_figures()\n"
            "assert 'pydantic' not in sys.modules, 'served'\n"
            "assert iom_annual.Figure.model_validate(fig.model_dump()) == fig\n"
            "assert 'pydantic' in sys.modules, 'validated'\n")
    _runs_in_a_fresh_process(code)


def _runs_in_a_fresh_process(code: str) -> None:
    """Run ``code`` where nothing is imported yet; its assertions must hold."""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_all_is_sorted_and_complete() -> None:
    assert iom_annual.__all__ == sorted(iom_annual.__all__)
    for name in iom_annual.__all__:
        assert getattr(iom_annual, name) is not None


MODULES = sorted(m.name for m in pkgutil.walk_packages(iom_annual.__path__, "iom_annual.")
                 if m.name != "iom_annual.__main__")


@pytest.mark.parametrize("name", ["iom_annual", *MODULES])
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0


def test_readme_examples_run() -> None:
    from pathlib import Path

    readme = Path(__file__).resolve().parent.parent / "README.md"
    parser = doctest.DocTestParser()
    test = parser.get_doctest(readme.read_text(encoding="utf-8"), {}, "README.md", str(readme), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0 and runner.tries >= 7
