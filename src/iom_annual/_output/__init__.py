"""Output: writing datasets to files and other libraries, and citing the report."""
