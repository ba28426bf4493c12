"""The HTML report (`--format html`): one self-contained file — a sortable ranking table, charts
drawn as inline SVG, each unit's explanations, the provenance — that opens offline and prints.
The only importer of Jinja2; the templates, style sheet and script are package data (templates/)."""
