"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "7d6a16fcc1cfffdcc1012bf05f24fdc12d6f5ae57b70dd768f0caeeb31fd0dc5"
