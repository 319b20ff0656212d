"""Written by tools/build_data.py; do not edit.  The SHA-256 of data/manifest.json,
which records the hash of every other bundled file."""

MANIFEST_SHA256 = "751099ea188eb9c0d7534de3852b0abc59dacdcd27123b0a3ae056af38cebbc4"
