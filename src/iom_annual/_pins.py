"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "4fb4144c06d1719317e2ed1e45f8dfa528429b65e8638df487e09042d5ae0b24"
