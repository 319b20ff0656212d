"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "9aab6772f66434d00e6ad48fc3db709b4705d2a670e780774638c57a2f9f5f2d"
