"""Build the wheel, install it in a fresh virtual environment, load every dataset."""

from __future__ import annotations

import subprocess
import sys
import venv
from typing import TYPE_CHECKING

from tests.conftest import ROOT

if TYPE_CHECKING:
    from pathlib import Path

CHECK = """
import json, sys, iom_annual
from importlib import resources
assert 'site-packages' in iom_annual.__file__, iom_annual.__file__
files = json.loads(resources.files('iom_annual').joinpath('data', 'manifest.json').read_text())
for meta in iom_annual.datasets():
    df = iom_annual.load(meta.name)
    assert df.height == files['files'][meta.file]['rows'], meta.name
# the type stub of the figures ships beside the package (PEP 561)
package = resources.files('iom_annual')
assert package.joinpath('_figures', 'types.pyi').is_file() and package.joinpath('py.typed').is_file()
assert not package.joinpath('_figures', 'types.py').is_file()
assert iom_annual.operations.wash.people_supported.value == 13_300_000
print(len(iom_annual.datasets()))
"""


def test_installed_wheel_loads_every_dataset(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"),
                    str(ROOT)], check=True, capture_output=True)
    (wheel,) = (tmp_path / "dist").glob("iom_annual-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", str(wheel)], check=True,
                   capture_output=True)
    result = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True,
                            cwd=tmp_path, check=False)
    assert result.returncode == 0, result.stderr
    import iom_annual

    assert int(result.stdout.strip()) == len(iom_annual.datasets())
    cli = subprocess.run([str(env_dir / "bin" / "iom-annual"), "summary"], capture_output=True,
                         text=True, check=False)
    assert cli.returncode == 0 and "17,761" in cli.stdout, cli.stderr
