"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "837c5a9a0cb8fb28abacaa85b5eb928dde7a8492e9dcf887e828c517a98fe49e"
