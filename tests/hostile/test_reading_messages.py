"""Messages from reading files: pyyaml's problems in Vietnamese (no English left), an unclosed
quote reported where it opens, echoed values capped, never a suggestion equal to the word itself,
and `check` listing every problem it can in one run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parindex.core.errors import InputProblems
from parindex.intake.yamlfile import load_yaml

from .conftest import CRITERIA, CRITERIA_TEXT, UNIT_TEXT, Workspace, assert_refused, line_of, run

ENGLISH = re.compile(r"\b(expected|found|while|scanning|parsing|token|but|got|the|not allowed|"
                     r"character|document|indentation|mapping|sequence|scalar|alias|anchor)\b")


def refused_text(path: Path) -> str:
    with pytest.raises(InputProblems) as caught:
        load_yaml(path)
    return str(caught.value)


BROKEN = {
    "at-sign": "a: @x\n",
    "backtick": "a: `x\n",
    "percent-sign": "a: %x\n",
    "undefined-alias": "a: *x\n",
    "empty-anchor": "a: &\n",
    "duplicate-anchor": "a: &x 1\nb: &x 2\nc: *x\n",
    "yaml-version": "%YAML 2.0\n---\na: 1\n",
    "tag-directive-twice": "%TAG ! !a\n%TAG ! !b\n---\na: 1\n",
    "yaml-directive-twice": "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
    "block-indicator": "a: |x\n  b\n",
    "block-indicator-0": "a: |0\n  b\n",
    "list-after-mapping": "a: 1\n- b\n",
    "unclosed-list": "a: [1, 2\nb: 3\n",
    "unclosed-map": "a: {b: 1 c: 2}\n",
    "bracket-mismatch": "a: [1, {b: 2]\n",
    "unknown-escape": 'a: "\\q"\n',
    "short-hex-escape": 'a: "\\x4"\n',
    "windows-path": 'a: "C:\\Users\\q"\n',
    "verbatim-tag": "a: !<x y> 1\n",
    "undefined-tag-handle": "a: !x!y 1\n",
    "second-document": "a: 1\n---\nb: 2\n",
    "document-end": "a: 1\n...\nb: 2\n",
    "key-without-colon": "a: 1\nb\nc: 2\n",
    "text-after-quote": 'a: "x" y\n',
    "dedented-key": "a:\n  b: 1\n c: 2\n",
    "dash-after-colon": "a: - b\n",
    "two-colons": "a: b: c\n",
    "tab": "a:\n\tb: 1\n",
    "question-mark": "? [a\n",
    "open-bracket-at-end": "a: [\n",
    "colon-value": "- a\n- : b\n",
}


@pytest.mark.parametrize("text", list(BROKEN.values()), ids=list(BROKEN))
def test_yaml_problems_are_vietnamese(ws: Workspace, text: str) -> None:
    path = ws.raw("broken.yaml", text.encode("utf-8"))
    message = refused_text(path)
    assert f"{path}:" in message
    assert not ENGLISH.search(message), message
    assert "lỗi không rõ" not in message


@pytest.mark.parametrize("quote", ['"', "'"])
def test_unclosed_quote_is_reported_where_it_opens(ws: Workspace, quote: str) -> None:
    unit = ws.unit("q.yaml", ("period: Năm 2025", f"period: {quote}Năm 2025"))
    line = line_of(UNIT_TEXT, "period")
    # pyyaml gives up at the end of the file, 18 lines below; the mistake is the opening quote
    assert_refused(run("score", "--criteria", CRITERIA, unit), "dấu nháy", "chưa được đóng",
                   file=unit, line=line)
    assert f"{unit}:{line}:9:" in run("score", "--criteria", CRITERIA, unit).err


def test_unclosed_quote_in_a_set_is_reported_where_it_opens(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("title: Cải cách thể chế", 'title: "Cải cách thể chế'))
    assert_refused(run("check", criteria), "chưa được đóng", file=criteria,
                   line=line_of(CRITERIA_TEXT, "title: Cải cách thể chế"))


def test_unclosed_flow_mapping_names_the_opening_line(ws: Workspace) -> None:
    unit = ws.unit("f.yaml", ("period: Năm 2025", "period: {nam: 2025"))
    result = run("score", "--criteria", CRITERIA, unit)
    assert_refused(result, "bảng '{' chưa đóng", f"dấu mở ở dòng {line_of(UNIT_TEXT, 'period')}", file=unit)
    assert not ENGLISH.search(result.err)


def test_missing_colon_points_at_the_key(ws: Workspace) -> None:
    unit = ws.unit("k.yaml", ("period: Năm 2025", "period Năm 2025"))
    assert_refused(run("score", "--criteria", CRITERIA, unit), "dấu ':'", file=unit,
                   line=line_of(UNIT_TEXT, "period"))


# -- echoed values are capped -------------------------------------------------------------------

BIG = "x" * 500_000


@pytest.mark.parametrize(("old", "new", "words"), [
    ("unit_kind: so", f"unit_kind: {BIG}", ["đơn vị loại", "500000 ký tự"]),
    ("ke_hoach_cchc: khong_kip_thoi", f"ke_hoach_cchc: {BIG}", ["không phải lựa chọn hợp lệ", "500000 ký tự"]),
    ("co_bo_tri_kinh_phi: true", f"co_bo_tri_kinh_phi: {BIG}", ["true/false", "500000 ký tự"]),
    ("chi_tieu_ke_hoach: 19", f"chi_tieu_ke_hoach: {BIG}", ["không phải là số"]),
    ("  vi_pham_ky_luat: 0", f'  vi_pham_ky_luat: 0\n  "{BIG}": 1', ["dấu ':'"]),
    ("unit_id: so-mau-a", f"unit_id: [{BIG}]", ["'unit_id'", "ký tự)"]),
])
def test_a_500_kb_value_is_not_echoed(ws: Workspace, old: str, new: str, words: list[str]) -> None:
    unit = ws.unit("big.yaml", (old, new))
    result = run("score", "--criteria", CRITERIA, unit)
    assert_refused(result, *words, file=unit, line=line_of(UNIT_TEXT, old.strip()) + ("\n" in new))
    assert max(len(line) for line in result.err.splitlines()) < 400


def test_a_500_kb_key_in_the_set_is_not_echoed(ws: Workspace) -> None:
    key = "k" * 1000
    criteria = ws.criteria("c.yaml", ("decimals: 2", f"decimals: 2\n{key}: 1"))
    result = run("check", criteria)
    assert_refused(result, "không có trong định dạng", "1000 ký tự", file=criteria,
                   line=line_of(CRITERIA_TEXT, "decimals") + 1)
    assert max(len(line) for line in result.err.splitlines()) < 400


# -- suggestions ---------------------------------------------------------------------------------

BANDS_END = "                - {below: 70%, points: 0}\n"


@pytest.mark.parametrize(("field", "where"), [
    ("when", "quy tắc loại 'bands'"),
    ("points_each", "quy tắc loại 'bands'"),
    ("formula", "quy tắc loại 'bands'"),
])
def test_a_field_of_another_rule_kind_is_not_suggested_as_itself(ws: Workspace, field: str, where: str) -> None:
    criteria = ws.criteria("c.yaml", (BANDS_END, f"{BANDS_END}              {field}: x\n"))
    result = run("check", criteria)
    assert_refused(result, f"trường '{field}' không dùng trong {where}", "value, bands", file=criteria,
                   line=CRITERIA_TEXT.splitlines().index(BANDS_END.rstrip("\n")) + 2)
    assert f"có phải là '{field}'" not in result.err


def test_a_field_of_another_section_is_not_suggested_as_itself(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("    kind: count\n  chi_tieu_hoan_thanh:",
                                      "    kind: count\n    formula: x\n  chi_tieu_hoan_thanh:"))
    result = run("check", criteria)
    assert_refused(result, "trường 'formula' không thuộc phần này", file=criteria)
    assert "có phải là 'formula'" not in result.err


def test_a_misspelt_field_in_a_rule_gets_a_suggestion(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", (BANDS_END, f"{BANDS_END}              valeu: x\n"))
    assert_refused(run("check", criteria), "trường 'valeu'", "có phải là 'value'?", file=criteria)


def test_pydantic_english_is_translated(ws: Workspace) -> None:
    criteria = ws.criteria("c.yaml", ("    kind: count\n  chi_tieu_hoan_thanh:",
                                      "    kind: dem\n  chi_tieu_hoan_thanh:"))
    result = run("check", criteria)
    assert_refused(result, "'count', 'number', 'percent', 'yes_no', 'choice' hoặc 'date'", file=criteria)
    assert " or " not in result.err


# -- check lists every problem it can at once ----------------------------------------------------


def test_ten_mistakes_are_listed_in_one_run(ws: Workspace) -> None:
    replacements = [
        ("total_points: 11", "total_points: 11\ntotal_points: 12"),                 # 1 duplicate key
        ("decimals: 2", "decimals: 2\ndecimals: 3"),                                # 2 duplicate key
        ("  - {name: Khá, from: 70%, below: 80%}", "  - {nam: Khá, from: 70%, below: 80%}"),  # 3, 4 (name missing)
        ("    kind: yes_no\n  xac_dinh", "    kind: yes_no_\n  xac_dinh"),          # 5 kind
        ("title: Cải cách thể chế", "titel: Cải cách thể chế"),                     # 6, 7 (title missing)
        ("    format: percent\n    min: 0\n    max: 1\n  ty_le_dung_han",
         "    format: percen\n    min: 0\n    max: 1\n  ty_le_dung_han"),            # 8 format
        ("    severity: warning", "    severity: warn"),                            # 9 severity
        ("label: Số hồ sơ giải quyết trễ hạn", 'label: "Số hồ sơ \\e trễ hạn"'),   # 10 ESC character
    ]
    criteria = ws.criteria("c.yaml", *replacements)
    result = run("check", criteria)
    assert result.code == 1
    errors = [line for line in result.err.splitlines() if "[error]" in line]
    assert len(errors) == 10, result.err
    for words in ("'total_points' bị lặp", "'decimals' bị lặp", "'nam'", "thiếu trường bắt buộc 'name'",
                  "'yes_no_'", "'titel'", "thiếu trường bắt buộc 'title'", "'percen'", "'warn'", "U+001B"):
        assert words in result.err, words
    last = result.err.splitlines()[-2]  # before the summary line
    assert "[warning]" in last and "sẽ được kiểm tra khi các lỗi trên được sửa" in last


def test_duplicate_keys_and_compile_problems_in_one_run(ws: Workspace) -> None:
    """When the set validates, the duplicate keys are listed together with the formula problems."""
    criteria = ws.criteria(
        "c.yaml",
        ("total_points: 11", "total_points: 11\ntotal_points: 11"),
        ("      - code: \"3.1\"", "      - code: \"3.1\"\n        code: \"3.1\""),
        ("formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoach", "formula: chi_tieu_hoan_thanh / chi_tieu_ke_hoachh"),
    )
    result = run("check", criteria)
    assert result.code == 1
    assert "'total_points' bị lặp" in result.err
    assert "'code' bị lặp" in result.err
    assert "chi_tieu_ke_hoachh" in result.err
    assert "sẽ được kiểm tra" not in result.err


def test_every_duplicate_key_of_a_unit_is_listed(ws: Workspace) -> None:
    unit = ws.unit("u.yaml", ("  vi_pham_ky_luat: 0", "  vi_pham_ky_luat: 0\n  vi_pham_ky_luat: 1"),
                   ("period: Năm 2025", "period: Năm 2025\nperiod: Năm 2024"),
                   ("  dvc_toan_trinh: 30", "  dvc_toan_trinh: 30\n  dvc_toan_trinh: 31"))
    result = run("score", "--criteria", CRITERIA, unit)
    assert result.code == 1
    assert result.err.count("bị lặp") == 3, result.err
