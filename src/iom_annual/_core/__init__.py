"""Foundations that know nothing of the report: errors, caches, records, name folding, display."""
