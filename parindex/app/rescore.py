"""Re-scoring last year's units under this year's set (`parindex rank|score --criteria NEW
--mapping MAP.yaml UNITS…`): each unit file is read as it is, renamed through the mapping
(intake.mapping) and checked against this year's set as any unit file; scoring, ranking, the
`--skip-invalid` policy and the output are those of `score` and `rank` (app.scoring)."""

from __future__ import annotations

from pathlib import Path

from parindex.app.loading import Loader
from parindex.core.errors import InputProblems
from parindex.criteria.compiler import CompiledSet
from parindex.intake.mapping import Mapping
from parindex.intake.units import UnitData, unit_documents, unit_from_document


def mapped_loader(mapping: Mapping) -> Loader:
    """A unit-file loader for app.loading.read_files that reads through `mapping`."""

    def load(path: Path, criteria: CompiledSet) -> list[UnitData | InputProblems]:
        try:
            documents = unit_documents(path, mapping.old or criteria)
        except InputProblems as exc:
            return [exc]
        found: list[UnitData | InputProblems] = []
        for doc in documents:
            if isinstance(doc, InputProblems):  # a row of a many-units workbook that is no unit
                found.append(doc)
                continue
            try:
                found.append(unit_from_document(mapping.apply(doc, criteria), criteria))
            except InputProblems as exc:
                found.append(exc)
        return found

    return load
