"""Excel (`--format xlsx`): a ranking workbook (`rank`: a sheet per unit kind or ranking group, a
summary with charts) or a per-unit workbook (`score`: a sheet per unit with every sub-criterion and
every point lost explained). The workbooks are written by parindex.reports.xlsx (XlsxWriter)."""

from __future__ import annotations

from parindex.reports.model import Report


class XlsxWriter:
    name = "xlsx"
    order = 50
    binary = True

    def write(self, report: Report) -> bytes:
        # XlsxWriter is loaded only to write a workbook (the registry imports every writer)
        from parindex.reports.xlsx.ranking import ranking_workbook
        from parindex.reports.xlsx.scoresheet import score_workbook

        if report.command == "score":
            return score_workbook(report)
        return ranking_workbook([report])


WRITER = XlsxWriter()
