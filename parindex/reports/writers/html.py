"""HTML (`--format html`): one self-contained page that opens offline — the ranking table (sortable
with a small inline script, readable without it), charts as inline SVG (the index distribution, each
area's average, each unit's areas against its group's average), every unit's explanations (folded),
the provenance; printable. Built in parindex.reports.html, the only importer of Jinja2."""

from __future__ import annotations

from parindex.reports.model import Report


class HtmlWriter:
    name = "html"
    order = 70
    binary = False

    def write(self, report: Report) -> str:
        from parindex.reports.html.page import html  # Jinja2 is loaded only to write a page

        return html(report)


WRITER = HtmlWriter()
