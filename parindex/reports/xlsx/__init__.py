"""Excel workbooks written with XlsxWriter (the one owner of that library): reports (ranking,
per-unit score sheets, campaign sheets) and blank forms."""
