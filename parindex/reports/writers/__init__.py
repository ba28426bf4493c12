"""One module per output format; each defines WRITER (see parindex.reports.registry)."""
