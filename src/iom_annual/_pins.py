"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "130d1bb5aaaaa2ad7ab016b9e476870269630dc6197367ae779730dedeeeb426"
