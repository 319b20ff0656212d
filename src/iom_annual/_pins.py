"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "e45d70b4de7019dabc27b78260c49a9fa041b40f1046b6431b1dcfc37948b49a"
