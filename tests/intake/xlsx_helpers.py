"""Helpers of the Excel tests: make a blank form with `parindex template`, fill it as a person would
(openpyxl, allowed in tests), fill the YAML form by text replacement, and compare two JSON results
without the places of their problems."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import openpyxl
from conftest import run

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE_SET = ROOT / "examples" / "chien-dich-2025" / "bo-tieu-chi.yaml"
SO_SET = ROOT / "criteria" / "2025" / "so.yaml"
SYNTAX_SET = ROOT / "tests" / "cases" / "documented-syntax.yaml"
FORM = "Chỉ số"
JUDGED = "Điểm tự chấm"
MANY = "Số liệu các đơn vị"
VALUE, EVIDENCE, NOTE = 5, 6, 7  # columns E, F, G of the form's table (as `parindex template` writes it)
HEADER = {"unit_id": "Mã đơn vị", "unit_name": "Tên đơn vị", "unit_kind": "Loại đơn vị", "period": "Kỳ đánh giá",
          "submitted": "Ngày gửi"}


def template(criteria: Path, output: Path, *options: str) -> Path:
    result = run("template", "--criteria", criteria, "--output", output, *options)
    assert result.code == 0, result.err
    return output


def row_of(sheet: Any, code: str, column: int = 1) -> int:
    """The row whose column A (the code column) holds `code`."""
    for row in range(1, sheet.max_row + 1):
        if sheet.cell(row, column).value == code:
            return row
    raise KeyError(code)


def fill_form(blank: Path, target: Path, header: Mapping[str, Any], values: Mapping[str, Any],
              points: Mapping[str, Any] | None = None, evidence: Mapping[str, str] | None = None) -> Path:
    """The blank form filled as a person fills it: header values, one value per indicator (a value
    may be (value, number format)), points on the judged sheet, evidence beside a value."""
    book = openpyxl.load_workbook(blank)
    sheet = book[FORM]
    for field, value in header.items():
        sheet.cell(row_of(sheet, HEADER[field]), VALUE).value = value
    for name, value in values.items():
        cell = sheet.cell(row_of(sheet, name), VALUE)
        if isinstance(value, tuple):
            value, number_format = value
            cell.number_format = number_format
        cell.value = value
    judged = book[JUDGED] if points else None
    for code, value in (points or {}).items():
        assert judged is not None
        judged.cell(row_of(judged, code), VALUE).value = value
    for name, text in (evidence or {}).items():
        where = sheet if name in values else judged
        assert where is not None
        where.cell(row_of(where, name), EVIDENCE).value = text
    book.save(target)
    return target


def yaml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return f'"{value:%d/%m/%Y}"'
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def fill_yaml(blank: str, header: Mapping[str, Any], values: Mapping[str, Any],
              points: Mapping[str, Any] | None = None, evidence: Mapping[str, str] | None = None) -> str:
    """The YAML form filled by text replacement: `key:` (with its comment) becomes `key: value`."""
    text = blank
    for key, value in [*header.items(), *values.items()]:
        written = f"{key}: {yaml_value(value)}"
        text, count = re.subn(rf"(?m)^(\s*){re.escape(key)}:.*$", lambda m, w=written: m.group(1) + w, text, count=1)
        assert count == 1, key
    for code, value in (points or {}).items():
        text, count = re.subn(rf'(?m)^  "{re.escape(code)}":$', f'  "{code}": {value}', text, count=1)
        assert count == 1, code
    if evidence:
        text += "evidence:\n" + "".join(f'  "{name}": {{doc: {json.dumps(doc, ensure_ascii=False)}}}\n'
                                        for name, doc in evidence.items())
    return text


_PLACES = {"file", "line", "col", "text"}


def comparable(output: str) -> Any:
    """A JSON result without where things were read (file, line, col, the line as shown), nor the
    provenance (the inputs' hashes): what two equal units in two formats must share."""
    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in _PLACES and k != "provenance"}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(json.loads(output))
