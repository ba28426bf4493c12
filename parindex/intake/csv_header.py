"""The header row of a CSV sheet parindex reads (survey answers, system data): column names matched
to the expected ones, accent- and case-insensitively, with Vietnamese aliases."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from parindex.core.text import fold_name, shorten


def match_header(cells: Sequence[str], columns: Sequence[str], aliases: Mapping[str, str],
                 words: Mapping[str, str]) -> tuple[list[str] | None, str]:
    """The column name of each cell, or None and what is wrong (missing, unknown or repeated
    columns, in Vietnamese) when the header is not exactly the expected columns in any order."""
    names: list[str] = []
    for cell in cells:
        key = "_".join(fold_name(cell).split())
        names.append(aliases.get(key, key))
    unknown = [cell for cell, name in zip(cells, names, strict=True) if name not in columns]
    twice = sorted({name for name in names if names.count(name) > 1 and name in columns})
    missing = [name for name in columns if name not in names]
    if not (unknown or twice or missing):
        return names, ""
    parts = []
    if missing:
        parts.append("thiếu cột " + ", ".join(f"'{n}' ({words[n]})" for n in missing))
    if unknown:
        parts.append("cột không dùng: " + ", ".join(f"'{shorten(c)}'" for c in unknown))
    if twice:
        parts.append("cột ghi hai lần: " + ", ".join(f"'{n}'" for n in twice))
    return None, "; ".join(parts)
