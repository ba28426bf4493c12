"""Word documents (`--format docx`): the ranking as an annex of a decision (annex) and a unit's
score sheet, "phiếu chấm điểm" (sheet). The only importer of python-docx (`docx`): word holds
what every document shares (page, fonts, tables, a byte-for-byte stable file)."""
