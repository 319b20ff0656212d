"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "054ae73b63893d6e3e31a0b3067b3e1f32e66b63a48e24e1fa33f8e8410fa2e7"
