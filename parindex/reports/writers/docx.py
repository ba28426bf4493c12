"""Word (`--format docx`): for `rank`, the ranking as an annex of a decision (landscape, one table
per unit kind or ranking group, area names as headers); for `score`, a score sheet ("phiếu chấm
điểm") per unit with every point lost explained. The documents are built in parindex.reports.docx,
the only importer of python-docx."""

from __future__ import annotations

from parindex.reports.model import Report


class DocxWriter:
    name = "docx"
    order = 60
    binary = True

    def write(self, report: Report) -> bytes:
        # python-docx is loaded only to write a document (the registry imports every writer)
        from parindex.reports.docx.annex import annex
        from parindex.reports.docx.sheet import sheets

        return sheets(report) if report.command == "score" else annex(report)


WRITER = DocxWriter()
