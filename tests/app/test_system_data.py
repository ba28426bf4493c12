"""System data in use: `score`/`rank --system-data FILE` and a campaign's `system-data:` entry feed
the set's `source: system` indicators (766 score, SIPAS, DTI); a unit cannot declare them itself.

The set is tests/intake/system-data-set.yaml: 1 báo cáo (yes/no, 2 points), 2 the 766 score
(proportional, diem_766 / 100 × 4), 3 SIPAS (proportional, share × 4; not applicable when absent)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import run, write_unit

from parindex.app import scoring
from parindex.app.parallel import read_batch
from parindex.core.codes import Code
from parindex.intake.sets import load_criteria
from parindex.intake.system_data import read_rows, system_values

SET = (Path(__file__).parent.parent / "intake" / "system-data-set.yaml").read_text(encoding="utf-8")


def _set(tmp_path: Path) -> Path:
    path = tmp_path / "bo.yaml"
    path.write_text(SET, encoding="utf-8")
    return path


def _units(tmp_path: Path) -> Path:
    folder = tmp_path / "don-vi"
    folder.mkdir()
    write_unit(folder, "so-a", {"bao_cao": True})
    write_unit(folder, "so-b", {"bao_cao": False})
    return folder


def _sheet(tmp_path: Path, text: str = "unit_id,indicator,value\nso-a,diem_766,86.5\n"
                                       "so-a,hai_long_sipas,92.5\nso-b,diem_766,50\n") -> Path:
    path = tmp_path / "he-thong.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _by_id(out: str) -> dict[str, dict]:  # type: ignore[type-arg]
    return {u["unit_id"]: u for g in json.loads(out)["groups"] for u in g["units"]}


def test_system_data_scores_the_system_leaves(tmp_path: Path) -> None:
    code, out, err = run("rank", "--criteria", _set(tmp_path), _units(tmp_path), "--system-data", _sheet(tmp_path),
                         "--format", "json")
    assert code == 0, err
    units = _by_id(out)
    # so-a: 2 + 86,5/100 × 4 = 3,46 + 92,5% × 4 = 3,7 → 9,16 of 10 = 91,6%
    assert Decimal(units["so-a"]["total"]) == Decimal("9.16")
    assert Decimal(units["so-a"]["index"]) == Decimal("0.916")  # JSON: the index as a fraction
    # so-b: 0 + 50/100 × 4 = 2; SIPAS absent (not_applicable) → 2 of 6 = 33,33%
    assert Decimal(units["so-b"]["total"]) == Decimal(2)
    assert Decimal(units["so-b"]["applicable_max"]) == Decimal(6)
    assert "he-thong.csv" in json.dumps(json.loads(out)["provenance"])  # the file read is listed and hashed
    assert err == ""


def test_without_system_data_the_leaves_have_no_data_and_a_warning_says_why(tmp_path: Path) -> None:
    code, out, err = run("rank", "--criteria", _set(tmp_path), _units(tmp_path), "--format", "json")
    assert code == 0, err
    # so-a: 2 (báo cáo) + 0 (766: no_data, still counted) ; SIPAS not applicable → 2 of 6
    assert Decimal(_by_id(out)["so-a"]["total"]) == Decimal(2)
    assert Decimal(_by_id(out)["so-a"]["applicable_max"]) == Decimal(6)
    assert "có 2 chỉ số số liệu hệ thống (diem_766, hai_long_sipas) nhưng không có tệp số liệu hệ thống" in err


def test_a_unit_file_declaring_a_system_indicator_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = _units(tmp_path)
    bad = write_unit(folder, "so-c", {"bao_cao": True, "diem_766": 99})
    code, out, err = run("rank", "--criteria", _set(tmp_path), folder, "--system-data", _sheet(tmp_path))
    assert code == 1 and out == ""
    line = next(n for n, text in enumerate(bad.read_text(encoding="utf-8").splitlines(), start=1) if "diem_766" in text)
    assert f"{bad}:{line}:" in err
    assert "chỉ số 'diem_766' (Điểm Bộ chỉ số 766) là số liệu hệ thống" in err
    assert "Traceback" not in err


def test_a_bad_system_file_stops_the_run_with_file_and_line(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,86.5\nso-a,bao_cao,true\n")
    output = tmp_path / "ket-qua.csv"
    code, _, err = run("rank", "--criteria", _set(tmp_path), _units(tmp_path), "--system-data", sheet,
                       "--output", output)
    assert code == 1 and not output.exists()  # nothing half written
    assert err.splitlines() == [f"{sheet}:3: [error] chỉ số 'bao_cao' (Gửi báo cáo đúng hạn) do đơn vị tự kê khai, "
                                "không nạp từ số liệu hệ thống (chỉ số số liệu hệ thống: diem_766, hai_long_sipas)"]


def test_values_for_a_unit_not_scored_refuse_the_run(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,86.5\nso-z,diem_766,70\n")
    code, out, err = run("rank", "--criteria", _set(tmp_path), _units(tmp_path), "--system-data", sheet)
    assert code == 1 and out == ""
    assert f"{sheet}:3: [error] đơn vị 'so-z' (1 giá trị) không có trong các tệp số liệu đơn vị đang xếp hạng" in err
    # so-b has no value at all in the file: a warning (its 766 leaf is chưa kê khai)
    assert f"{sheet}: [warning] tệp số liệu hệ thống không có giá trị nào của đơn vị 'so-b'" in err
    # --skip-invalid ranks the units and still ends with status 1
    code, out, err = run("rank", "--criteria", _set(tmp_path), tmp_path / "don-vi", "--system-data", sheet,
                         "--skip-invalid")
    assert code == 1 and "so-a" in out


def test_score_reads_the_rows_of_its_units_and_leaves_the_others(tmp_path: Path) -> None:
    """The Sở's export covers the whole province; scoring one unit takes that unit's rows."""
    unit = _units(tmp_path) / "so-a.yaml"
    code, out, err = run("score", "--criteria", _set(tmp_path), unit, "--system-data", _sheet(tmp_path))
    assert code == 0, err
    assert err == ""  # so-b's row is not an error when scoring so-a alone
    assert "Tổng điểm: 9,16/10" in out  # 2 + 3,46 + 3,7
    # a unit the file knows only under another id is warned about, with the id the file has
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-A,diem_766,86.5\n")
    code, out, err = run("score", "--criteria", _set(tmp_path), unit, "--system-data", sheet)
    assert code == 0
    assert "không có giá trị nào của đơn vị 'so-a'" in err and "có phải là 'so-A'?" in err


def test_a_folder_of_system_files(tmp_path: Path) -> None:
    folder = tmp_path / "he-thong"
    folder.mkdir()
    (folder / "766.csv").write_text("unit_id,indicator,value\nso-a,diem_766,86.5\nso-b,diem_766,50\n", encoding="utf-8")
    (folder / "sipas.csv").write_text("ma_don_vi;chi_so;gia_tri\nso-a;hai_long_sipas;92.5\n", encoding="utf-8")
    (folder / "ghi-chu.txt").write_text("không phải CSV", encoding="utf-8")
    outcome = scoring.rank(_set(tmp_path), [_units(tmp_path)], scoring.Options(system_data=(folder,)))
    assert outcome.status == 0, outcome.problems
    assert {r.unit_id: r.total for r in outcome.results} == {"so-a": Decimal("9.16"), "so-b": Decimal(2)}


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: batches stay in one process")
def test_workers_get_the_system_data_too(tmp_path: Path) -> None:
    criteria_path = _set(tmp_path)
    criteria = load_criteria(criteria_path)
    folder = _units(tmp_path)
    files = sorted(folder.glob("*.yaml"))
    system = system_values(read_rows([_sheet(tmp_path)]), lambda _unit: criteria)
    alone = read_batch(criteria, criteria_path, files, threshold=10**9, system=system)
    shared = read_batch(criteria, criteria_path, files, threshold=1, system=system)
    assert [r.result.total for r in alone if r.result] == [r.result.total for r in shared if r.result] == \
        [Decimal("9.16"), Decimal(2)]


# -- a campaign --------------------------------------------------------------------------------------


def _campaign(tmp_path: Path, entry: str) -> Path:
    folder = tmp_path / "chien-dich"
    (folder / "tu-danh-gia").mkdir(parents=True)
    _set(folder)
    write_unit(folder / "tu-danh-gia", "so-a", {"bao_cao": True})
    write_unit(folder / "tu-danh-gia", "so-b", {"bao_cao": False})
    (folder / "campaign.yaml").write_text(f"id: cchc-2026\ntitle: Chiến dịch thử\nyear: 2026\nsets: {{so: bo.yaml}}\n"
                                          f"{entry}", encoding="utf-8")
    return folder


def test_a_campaign_reads_its_system_data_entry(tmp_path: Path) -> None:
    folder = _campaign(tmp_path, "system-data: he-thong\n")
    (folder / "he-thong").mkdir()
    _sheet(folder / "he-thong")
    code, out, err = run("rank", "--campaign", folder, "--format", "json")
    assert code == 0, err
    assert {k: Decimal(u["total"]) for k, u in _by_id(out).items()} == {"so-a": Decimal("9.16"), "so-b": Decimal(2)}


def test_a_campaign_refuses_system_data_about_a_stranger(tmp_path: Path) -> None:
    folder = _campaign(tmp_path, "system-data: he-thong.csv\n")
    sheet = _sheet(folder, "unit_id,indicator,value\nso-a,diem_766,86.5\nso-q,diem_766,1\n")
    code, out, err = run("rank", "--campaign", folder)
    assert code == 1 and out == ""
    assert f"{sheet}:3: [error] đơn vị 'so-q' (1 giá trị) không có trong chiến dịch" in err


def test_a_campaign_without_the_entry_is_warned_about(tmp_path: Path) -> None:
    code, _, err = run("rank", "--campaign", _campaign(tmp_path, ""))
    assert code == 0, err
    assert "không có tệp số liệu hệ thống" in err


def test_system_data_does_not_go_with_campaign_on_the_command_line(tmp_path: Path) -> None:
    code, _, err = run("rank", "--campaign", tmp_path, "--system-data", tmp_path / "x.csv")
    assert code == 2
    assert "--system-data" in err


def test_the_problem_codes_are_the_system_ones(tmp_path: Path) -> None:
    sheet = _sheet(tmp_path, "unit_id,indicator,value\nso-a,diem_766,abc\n")
    outcome = scoring.rank(_set(tmp_path), [_units(tmp_path)], scoring.Options(system_data=(sheet,)))
    assert [(p.code, p.line, p.field) for p in outcome.problems] == [(Code.SYSTEM_BAD_VALUE, 2, "value")]
