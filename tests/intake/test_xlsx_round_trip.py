"""Round trips: `parindex template` → the form filled (the YAML form by text replacement, the Excel
form by openpyxl, as a person fills it in Excel) → scored; the same figures give the same JSON
result whichever form carried them (places aside: a workbook names cells, a YAML file lines)."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from conftest import run

from parindex.intake.sets import load_criteria

from .xlsx_helpers import (
    EXAMPLE_SET,
    MANY,
    ROOT,
    SO_SET,
    SYNTAX_SET,
    comparable,
    fill_form,
    fill_yaml,
    row_of,
    template,
)

EXAMPLE_UNITS = ROOT / "examples" / "chien-dich-2025" / "tu-danh-gia"


def _score_both(tmp_path: Path, criteria: Path, header: dict[str, Any], yaml_values: dict[str, Any],
                excel_values: dict[str, Any], points: dict[str, Any] | None = None,
                evidence: dict[str, str] | None = None) -> tuple[Any, Any]:
    blank_yaml = run("template", "--criteria", criteria)
    assert blank_yaml.code == 0, blank_yaml.err
    filled_yaml = tmp_path / "don-vi.yaml"
    filled_yaml.write_text(fill_yaml(blank_yaml.out, header, yaml_values, points, evidence), encoding="utf-8")
    blank = template(criteria, tmp_path / "mau.xlsx")
    filled = fill_form(blank, tmp_path / "don-vi.xlsx", header, excel_values, points, evidence)
    from_yaml = run("score", "--criteria", criteria, filled_yaml, "--format", "json")
    from_excel = run("score", "--criteria", criteria, filled, "--format", "json")
    assert from_yaml.code == 0, from_yaml.err
    assert from_excel.code == 0, from_excel.err
    return comparable(from_yaml.out), comparable(from_excel.out)


def test_the_yaml_form_filled_by_text_replacement_scores(tmp_path: Path) -> None:
    # documented-syntax.yaml: a=6, b=12, c=3 → leaf 1.1 = a + b − c = 15 points; 2.9 holds for a report
    # sent 15/01/2025 (≤ 31/01/2025): 1 point. p = 40% → 1.9 = p × 100 = 40.
    blank = run("template", "--criteria", SYNTAX_SET)
    assert blank.code == 0, blank.err
    filled = fill_yaml(blank.out, {"unit_id": "so-a", "unit_name": "Sở A"},
                       {"a": 6, "b": 12, "c": 3, "p": 40, "ok": True, "ok2": False, "ch": "tot",
                        "ngay_nop": dt.date(2025, 1, 15)})
    unit = tmp_path / "so-a.yaml"
    unit.write_text(filled, encoding="utf-8")
    result = run("score", "--criteria", SYNTAX_SET, unit, "--explain")
    assert result.code == 0, result.err
    lines = {line.split()[0]: line for line in result.out.splitlines() if line[:1].isdigit()}
    assert "15/100" in lines["1.1"]
    assert "40/100" in lines["1.9"]
    assert "1/1" in lines["2.9"]


def test_every_kind_of_value_round_trips(tmp_path: Path) -> None:
    """Counts, a percent typed 40 and one formatted as 40% (stored 0.4), có/không and TRUE, a choice by
    its label, a date cell: the same result as the YAML form."""
    header = {"unit_id": "so-a", "unit_name": "Sở A", "submitted": dt.date(2026, 1, 12)}
    values = {"a": 6, "b": 12, "c": 3, "p": 40, "ok": True, "ok2": False, "ch": "kha",
              "ngay_nop": dt.date(2025, 2, 1)}
    excel = {**values, "p": (0.4, "0%"), "ok": "có", "ok2": False, "ch": "Khá"}
    from_yaml, from_excel = _score_both(tmp_path, SYNTAX_SET, {**header, "submitted": "12/01/2026"}, values, excel)
    assert from_excel == from_yaml
    unit = from_excel["units"][0]
    # 1.9 = p × 100 with p = 40% read from a cell showing 40% (stored 0.4): 40 points, not 0.4.
    syntax = next(n for n in unit["areas"][0]["children"] if n["code"] == "1.9")
    assert Decimal(syntax["points"]) == 40


def test_a_whole_set_round_trips_with_judged_points_and_evidence(tmp_path: Path) -> None:
    unit = yaml.safe_load((EXAMPLE_UNITS / "phuong-an-hoa.yaml").read_text(encoding="utf-8"))
    header = {k: unit[k] for k in ("unit_id", "unit_name", "period")}
    values = dict(unit["indicators"])
    excel = {**values, "loai_don_vi": "Phường", "ke_hoach_kip_thoi": "có", "ty_le_truc_tuyen": (0.8, "0%")}
    evidence = {"ke_hoach_kip_thoi": "01/KH-UBND", "ho_so_dung_han": "45/BC-UBND", "1.2": "12/BC-UBND"}
    from_yaml, from_excel = _score_both(tmp_path, EXAMPLE_SET, header, values, excel, {"1.2": 1.75}, evidence)
    assert from_excel == from_yaml
    # 1.1 yes (2) + 1.2 judged 1.75 + 2.1 (196/200 = 98% → 4) + 2.2 (relative, alone: 4) = 11.75 of 12.
    assert from_excel["units"][0]["total"] == "11.75"


def test_the_shipped_so_set_round_trips(tmp_path: Path) -> None:
    criteria = load_criteria(SO_SET)
    unit = yaml.safe_load((ROOT / "sample_units" / "cohort" / "so" / "so-mau-01.yaml").read_text(encoding="utf-8"))
    own = {name for name, spec in criteria.indicators.items() if getattr(spec, "source", "unit") != "system"}
    values = {name: value for name, value in unit["indicators"].items() if name in own}
    excel: dict[str, Any] = {}
    for index, (name, value) in enumerate(values.items()):
        spec = criteria.indicators[name]
        if spec.kind == "choice":
            excel[name] = (spec.choices or {})[value]  # the label, as the drop-down list writes it
        elif spec.kind == "yes_no":
            excel[name] = ("có" if value else "không") if index % 2 else value
        elif spec.kind == "percent" and index % 2:
            excel[name] = (value / 100, "0.00%")
        else:
            excel[name] = value
    header = {k: unit[k] for k in ("unit_id", "unit_name", "period")}
    from_yaml, from_excel = _score_both(tmp_path, SO_SET, header, values, excel)
    assert from_excel == from_yaml


def test_a_many_units_workbook_ranks_as_the_yaml_files(tmp_path: Path) -> None:
    blank = template(EXAMPLE_SET, tmp_path / "mau.xlsx", "--many")
    book = openpyxl.load_workbook(blank)
    sheet = book[MANY]
    code_row = row_of(sheet, "unit_id")
    columns = {sheet.cell(code_row, c).value: c for c in range(1, sheet.max_column + 1)}
    row = code_row + 1
    for path in sorted(EXAMPLE_UNITS.glob("*.yaml")):
        unit = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field in ("unit_id", "unit_name", "unit_kind", "period"):
            sheet.cell(row, columns[field]).value = unit[field]
        for name, value in unit["indicators"].items():
            sheet.cell(row, columns[name]).value = value
        for code, points in unit.get("points", {}).items():
            sheet.cell(row, columns[f"điểm {code}"]).value = points
        for code in ("1.2", "2.1"):  # the evidence these sub-criteria ask for
            sheet.cell(row, columns[f"tài liệu {code}"]).value = f"{code}/BC-UBND"
        row += 2  # an empty row between two units is skipped
    filled = tmp_path / "bang-so-lieu.xlsx"
    book.save(filled)
    folder = tmp_path / "yaml"
    folder.mkdir()
    for path in sorted(EXAMPLE_UNITS.glob("*.yaml")):
        unit = yaml.safe_load(path.read_text(encoding="utf-8"))
        unit["evidence"] = {"1.2": {"doc": "1.2/BC-UBND"}, "2.1": {"doc": "2.1/BC-UBND"}}
        unit.pop("submitted", None)
        (folder / path.name).write_text(yaml.safe_dump(unit, allow_unicode=True), encoding="utf-8")
    from_excel = run("rank", "--criteria", EXAMPLE_SET, filled, "--format", "json")
    from_yaml = run("rank", "--criteria", EXAMPLE_SET, folder, "--format", "json")
    assert from_excel.code == 0, from_excel.err
    assert from_yaml.code == 0, from_yaml.err
    assert comparable(from_excel.out) == comparable(from_yaml.out)
    # Each unit of the workbook is named by the cell of its id: rows 6, 8, 10… (an empty row between).
    files = {u["file"] for group in json.loads(from_excel.out)["groups"] for u in group["units"]}
    assert files == {f"{filled}:{MANY}!A{code_row + 1 + 2 * n}" for n in range(6)}
