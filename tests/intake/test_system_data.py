"""System data (số liệu hệ thống): the CSV files the Sở exports from national systems (766 scores,
SIPAS, DTI), read and checked row by row; every bad row reported at once with its file and line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Severity
from parindex.criteria.compiler import CompiledSet
from parindex.intake.sets import load_criteria
from parindex.intake.system_data import read_rows, system_files, system_values, unknown_units

SET = (Path(__file__).parent / "system-data-set.yaml").read_text(encoding="utf-8")  # also used by tests/app


@pytest.fixture
def criteria(tmp_path: Path) -> CompiledSet:
    path = tmp_path / "bo.yaml"
    path.write_text(SET, encoding="utf-8")
    return load_criteria(path)


def _sheet(tmp_path: Path, text: str, name: str = "he-thong.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _problems(paths: list[Path], criteria: CompiledSet) -> list[tuple[str, int | None, Code, str]]:
    with pytest.raises(InputProblems) as refused:
        system_values(read_rows(paths), lambda _unit: criteria)
    return [(Path(p.file).name, p.line, p.code, p.message) for p in refused.value.problems]


def test_values_are_read_as_the_indicator_kind(tmp_path: Path, criteria: CompiledSet) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,86.5\nso-a,hai_long_sipas,92.5\n"
                             "so-b,diem_766,50\n")
    found = system_values(read_rows([sheet]), lambda _unit: criteria)
    # a number as written; a percent 0–100 as its fraction (92,5% → 0,925)
    assert found.of("so-a") == {"diem_766": Decimal("86.5"), "hai_long_sipas": Decimal("0.925")}
    assert found.of("so-b") == {"diem_766": Decimal(50)}
    assert found.of("so-c") == {}
    assert found.places[("so-a", "hai_long_sipas")] == (str(sheet), 3)
    assert found.warnings == []


def test_vietnamese_columns_semicolons_a_bom_and_any_order(tmp_path: Path, criteria: CompiledSet) -> None:
    sheet = tmp_path / "excel.csv"
    sheet.write_bytes("\ufeffGiá trị;Mã đơn vị;Chỉ số\n93%;so-a;hai_long_sipas\n".encode())
    found = system_values(read_rows([sheet]), lambda _unit: criteria)
    assert found.of("so-a") == {"hai_long_sipas": Decimal("0.93")}


def test_every_bad_row_is_reported_with_its_line(tmp_path: Path, criteria: CompiledSet) -> None:
    sheet = _sheet(tmp_path, "\n".join([
        "unit_id,indicator,value",        # 1
        "so-a,diem_766,86.5",             # 2 good
        "so-a,diem_766,90",               # 3 the same indicator again
        "so-a,diem_77,80",                # 4 not in the set
        "so-a,bao_cao,true",              # 5 declared by the unit itself
        "so-b,diem_766,120",              # 6 above max 100
        "so-c,diem_766,",                 # 7 empty value
        "so-d,diem_766,86,5",             # 8 decimal comma: one cell too many
        "so-e,hai_long_sipas,abc",        # 9 not a number
    ]) + "\n")
    with pytest.raises(InputProblems) as shape:
        read_rows([sheet])
    found = [(p.line, p.code) for p in shape.value.problems]
    assert found == [(3, Code.SYSTEM_DUPLICATE), (7, Code.SYSTEM_MISSING_CELL), (8, Code.SYSTEM_EXTRA_CELLS)]
    duplicate = shape.value.problems[0].message
    assert "đã có giá trị của chỉ số 'diem_766' ở dòng 2" in duplicate
    # once the shape is right, each row is checked against the set
    fixed = _sheet(tmp_path, "\n".join([
        "unit_id,indicator,value", "so-a,diem_766,86.5", "so-a,diem_77,80", "so-a,bao_cao,true",
        "so-b,diem_766,120", "so-e,hai_long_sipas,abc"]) + "\n", "fixed.csv")
    problems = _problems([fixed], criteria)
    assert [(line, code) for _, line, code, _ in problems] == [
        (3, Code.SYSTEM_UNKNOWN_INDICATOR), (4, Code.SYSTEM_NOT_SYSTEM), (5, Code.SYSTEM_BAD_VALUE),
        (6, Code.SYSTEM_BAD_VALUE)]
    assert "có phải là 'diem_766'?" in problems[0][3]
    assert "do đơn vị tự kê khai" in problems[1][3] and "diem_766, hai_long_sipas" in problems[1][3]
    assert "lớn hơn giá trị tối đa 100" in problems[2][3]


def test_a_header_without_the_columns_is_refused(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "don_vi,diem\nso-a,86\n")
    with pytest.raises(InputProblems) as refused:
        read_rows([sheet])
    [problem] = refused.value.problems
    assert (problem.line, problem.code) == (1, Code.SYSTEM_BAD_HEADER)
    assert "thiếu cột 'indicator' (chỉ số), 'value' (giá trị)" in problem.message
    assert "cột không dùng: 'diem'" in problem.message


def test_a_file_without_values_and_an_empty_folder_are_refused(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\n")
    with pytest.raises(InputProblems) as refused:
        read_rows([sheet])
    assert [p.code for p in refused.value.problems] == [Code.SYSTEM_NO_VALUES]
    folder = tmp_path / "trong"
    folder.mkdir()
    with pytest.raises(InputProblems) as empty:
        system_files(folder)
    assert [p.code for p in empty.value.problems] == [Code.SYSTEM_NO_VALUES]
    assert system_files(folder, required=False) == []  # a campaign's folder not filled yet


def test_a_value_twice_across_two_files_names_the_first_file(tmp_path: Path) -> None:
    first = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,80\n", "a.csv")
    second = _sheet(tmp_path, "unit_id,indicator,value\nso-b,diem_766,70\nSO-A ,diem_766,81\n", "b.csv")
    with pytest.raises(InputProblems) as refused:
        read_rows([first, _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,81\n", "c.csv")])
    [problem] = refused.value.problems
    assert (Path(problem.file).name, problem.line) == ("c.csv", 2)
    assert f"ở {first}:2" in problem.message
    assert len(read_rows([first, second])) == 3  # 'SO-A' is another unit id (ids are case-sensitive)


def test_a_percent_written_as_a_fraction_is_warned_about(tmp_path: Path, criteria: CompiledSet) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,hai_long_sipas,0.93\n")
    found = system_values(read_rows([sheet]), lambda _unit: criteria)
    assert found.of("so-a") == {"hai_long_sipas": Decimal("0.0093")}  # 0,93% as written
    [warning] = found.warnings
    assert (warning.line, warning.code, warning.severity) == (2, Code.SYSTEM_PERCENT_SCALE, Severity.WARNING)
    assert "nếu ý là 93% hãy ghi giá trị từ 0 đến 100" in warning.message


def test_rows_about_units_not_scored_are_one_error_per_unit(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,80\nso-x,diem_766,70\n"
                             "so-x,hai_long_sipas,90\n")
    problems = unknown_units(read_rows([sheet]), ["so-a", "so-b"], "các tệp đang chấm")
    [problem] = problems
    assert (problem.line, problem.code, problem.field) == (3, Code.SYSTEM_UNKNOWN_UNIT, "unit_id")
    assert "đơn vị 'so-x' (2 giá trị) không có trong các tệp đang chấm" in problem.message


def test_a_system_indicator_may_not_be_required(tmp_path: Path) -> None:
    path = tmp_path / "bo.yaml"
    path.write_text(SET.replace("    source: system\n    missing: no_data\n", "    source: system\n"),
                    encoding="utf-8")
    with pytest.raises(InputProblems) as refused:
        load_criteria(path)
    [problem] = [p for p in refused.value.problems if p.severity is Severity.ERROR]
    assert problem.code is Code.SET_FIELD_CONFLICT
    assert problem.line == 13  # the indicator diem_766
    assert "'missing: no_data' hoặc 'missing: not_applicable'" in problem.message
