"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "64644f314ad8731a556d13a62769dba09f618f176e23a169a7fcc4fab3ea6ff0"
