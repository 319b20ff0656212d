"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "a438f66fc520cdf3f0d56c16d84ce84c95082974a7dcdc7de3b32e6af283c8a1"
