"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "4f2024c7b626a8061d5daa815b7769752990b43db49b1fef7c3bd8528056d650"
