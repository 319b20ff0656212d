"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "b152cb9e9e433a7b432cce73fff9414741ac31abb510fa382334680a14e92705"
