"""A Windows office PC: files saved with CRLF line ends (and Notepad's BOM), worker processes
started with `spawn` (Windows has no `fork`), a console in a Windows code page, Vietnamese file
and folder names, Python builds without os.fchmod, an output file held open by Excel, files on
another drive. Run here on Linux by forcing what Windows does."""

from __future__ import annotations

import errno
import io
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run

import parindex.app.output
import parindex.app.parallel
import parindex.results.provenance
from parindex.app import scoring
from parindex.intake.yamlfile import MAX_DEPTH, MAX_NODES, read_document, unit_lines

ROOT = Path(__file__).resolve().parent.parent
SO_SET = ROOT / "criteria" / "2025" / "so.yaml"
SO_COHORT = ROOT / "sample_units" / "cohort" / "so"
UNIT = SO_COHORT / "so-mau-01.yaml"
CAMPAIGN = ROOT / "examples" / "chien-dich-2025"
ENTRY = "import sys; from parindex.launch import main; sys.exit(main())"


def _crlf(path: Path, bom: bool = False) -> None:
    """The file as a Windows editor saves it: every line ending in CR LF (Notepad: and a BOM)."""
    text = path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text)


def _without_provenance(text: str) -> str:
    """Output less the provenance (hashes and paths differ: the bytes of the files differ)."""
    return re.sub(r"(?m)^Nguồn: .*$", "", text)


# -- CRLF line ends -----------------------------------------------------------------------------------

def test_line_reader_hands_crlf_files_to_the_full_reader() -> None:
    text = UNIT.read_text(encoding="utf-8")
    assert "\r" not in text and unit_lines.read("u.yaml", text, MAX_DEPTH, MAX_NODES) is not None
    windows = text.replace("\n", "\r\n")
    assert unit_lines.read("u.yaml", windows, MAX_DEPTH, MAX_NODES) is None  # not sure about CR: handed on
    lf, crlf = read_document("u.yaml", text, MAX_DEPTH, MAX_NODES), read_document("u.yaml", windows, MAX_DEPTH,
                                                                                     MAX_NODES)
    assert crlf.data == lf.data and crlf.problems == lf.problems == []
    assert crlf.positions == lf.positions  # the same line and column for every value
    assert crlf.data["unit_name"] == "Sở Mẫu 01 (hư cấu)"  # no CR left at the end of a value


@pytest.mark.parametrize("bom", [False, True], ids=["crlf", "crlf-bom"])
def test_crlf_unit_and_set_score_as_the_lf_ones(tmp_path: Path, bom: bool) -> None:
    unit, criteria = tmp_path / UNIT.name, tmp_path / "so.yaml"
    shutil.copy(UNIT, unit)
    shutil.copy(SO_SET, criteria)
    _crlf(unit, bom)
    _crlf(criteria, bom)
    assert unit.read_bytes().count(b"\r\n") == UNIT.read_bytes().count(b"\n") > 40
    lf = run("score", "--criteria", SO_SET, UNIT, "--explain")
    crlf = run("score", "--criteria", criteria, unit, "--explain")
    assert lf.code == crlf.code == 0, crlf.err
    assert _without_provenance(crlf.out) == _without_provenance(lf.out)
    assert run("check", criteria).code == 0


def test_errors_in_a_crlf_unit_are_at_the_same_line_and_column(tmp_path: Path) -> None:
    text = UNIT.read_text(encoding="utf-8")
    lines = text.split("\n")
    # the unit's lines 9 and 13 (counted by hand in so-mau-01.yaml: two comment lines, unit_id …
    # indicators: on line 8, then the indicators), each value replaced by a wrong one
    assert lines[8] == "  ke_hoach_cchc: kip_thoi" and lines[12] == "  chi_tieu_ke_hoach: 33"
    lines[8], lines[12] = "  ke_hoach_cchc: sai_gia_tri", "  chi_tieu_ke_hoach: -5"
    lf, crlf = tmp_path / "lf.yaml", tmp_path / "crlf.yaml"
    lf.write_text("\n".join(lines), encoding="utf-8")
    crlf.write_bytes("\r\n".join(lines).encode("utf-8"))
    lf_run, crlf_run = run("score", "--criteria", SO_SET, lf), run("score", "--criteria", SO_SET, crlf)
    assert lf_run.code == crlf_run.code == 1
    assert f"{crlf}:9:3: [error] 'ke_hoach_cchc' nhận 'sai_gia_tri'" in crlf_run.err
    assert f"{crlf}:13:3: [error] 'chi_tieu_ke_hoach' là số đếm, không được âm (nhận -5)" in crlf_run.err
    assert crlf_run.err.replace(str(crlf), "F") == lf_run.err.replace(str(lf), "F")


def test_a_campaign_saved_with_crlf_runs_as_the_shipped_one(tmp_path: Path) -> None:
    """campaign.yaml, the set, every unit, appraisal and explanation file and the survey CSVs in CRLF."""
    folder = tmp_path / "chien-dich"
    shutil.copytree(CAMPAIGN, folder)
    converted = [path for path in folder.rglob("*") if path.is_file()]
    for path in converted:
        _crlf(path)
    assert {p.suffix for p in converted} == {".yaml", ".csv"} and len(converted) >= 18
    for argv in (("rank", "--campaign", "{}", "--compare", "self"), ("delta", "{}"),
                 ("campaign", "status", "{}", "--today", "2026-02-25")):
        shipped = run(*(CAMPAIGN if a == "{}" else a for a in argv))
        windows = run(*(folder if a == "{}" else a for a in argv))
        assert shipped.code == windows.code == 0, windows.err
        assert _without_provenance(windows.out) == _without_provenance(shipped.out)
        assert windows.err.replace(str(folder), "F") == shipped.err.replace(str(CAMPAIGN), "F")


# -- worker processes started with spawn ----------------------------------------------------------------

needs_two_cores = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: batches stay in one process")


@needs_two_cores
def test_workers_started_with_spawn_give_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """As on Windows: no fork, so the workers are spawned and read the criteria set themselves."""
    alone = scoring.rank(SO_SET, [SO_COHORT], scoring.Options(threshold=10**9, format="json"))
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    started: list[str] = []
    real_context = parindex.app.parallel._context

    def spy() -> multiprocessing.context.BaseContext:
        context = real_context()
        started.append(context.get_start_method())
        return context

    monkeypatch.setattr(parindex.app.parallel, "_context", spy)
    spawned = scoring.rank(SO_SET, [SO_COHORT], scoring.Options(threshold=1, format="json"))
    assert started == ["spawn"]  # the batch of 22 files went to spawned workers
    assert alone.status == spawned.status == 0
    assert alone.content is not None and spawned.content == alone.content


@needs_two_cores
def test_console_script_with_spawned_workers(tmp_path: Path) -> None:
    """The `parindex` command as pip installs it on Windows: a script whose body runs under
    `if __name__ == "__main__"`; spawned workers import it again without running the command."""
    script = tmp_path / "parindex-script.py"
    script.write_text(
        "import multiprocessing, sys\n"
        "multiprocessing.get_all_start_methods = lambda: ['spawn']  # as on Windows\n"
        "import parindex.app.parallel as parallel\n"
        "parallel.THRESHOLD = 1\n"
        "real = parallel._context\n"
        "def context():\n"
        "    chosen = real()\n"
        "    sys.stderr.write(f'start method: {chosen.get_start_method()}\\n')\n"
        "    return chosen\n"
        "parallel._context = context\n"
        "from parindex.launch import main\n"
        "if __name__ == '__main__':\n"
        "    sys.exit(main())\n", encoding="utf-8")
    argv = ["rank", "--criteria", str(SO_SET), str(SO_COHORT), "--format", "csv"]
    spawned = subprocess.run([sys.executable, str(script), *argv], capture_output=True, timeout=120, cwd=ROOT)
    alone = subprocess.run([sys.executable, "-c", ENTRY, *argv], capture_output=True, timeout=120, cwd=ROOT)
    assert spawned.returncode == alone.returncode == 0, spawned.stderr.decode("utf-8")
    assert spawned.stderr.decode("utf-8") == "start method: spawn\n"
    assert spawned.stdout == alone.stdout and spawned.stdout.count(b"\n") == 22 + 2  # header, 22 units, source


# -- a console in a Windows code page --------------------------------------------------------------------

def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "LC_", "LANG", "PYTHONUTF8"))}
    return env | extra


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-f]{4})|\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
@pytest.mark.parametrize(("argv", "status"), [
    (["--help"], 0),
    (["rank", "--help"], 0),
    (["rank", "--format", "xml"], 2),
], ids=["help", "rank-help", "usage"])
def test_help_and_usage_on_a_windows_code_page(encoding: str, argv: list[str], status: int) -> None:
    done = subprocess.run([sys.executable, "-c", ENTRY, *argv], capture_output=True, timeout=60,
                          env=_env(PYTHONIOENCODING=encoding, COLUMNS="100"))
    utf8 = subprocess.run([sys.executable, "-c", ENTRY, *argv], capture_output=True, timeout=60,
                          env=_env(PYTHONIOENCODING="utf-8", COLUMNS="100"))
    assert done.returncode == utf8.returncode == status
    shown = (done.stdout + done.stderr).decode(encoding)
    assert "Traceback" not in shown and "cách dùng: parindex" in shown  # á and ù exist in both code pages
    assert "\\u1ec7" in shown  # "ệ" (of "hiện", "hợp lệ") exists in neither: written as an escape…
    assert _unescape(shown) == (utf8.stdout + utf8.stderr).decode("utf-8")  # …and nothing is lost


# -- Vietnamese file and folder names ------------------------------------------------------------------

def test_vietnamese_file_and_folder_names(tmp_path: Path) -> None:
    folder = tmp_path / "Đơn vị năm 2025"
    folder.mkdir()
    shutil.copy(SO_COHORT / "so-mau-01.yaml", folder / "Sở Tư pháp.yaml")
    shutil.copy(SO_COHORT / "so-mau-02.yaml", folder / "Sở Y tế.yml")
    broken = folder / "Sở Xây dựng (lỗi).yaml"
    broken.write_text(UNIT.read_text(encoding="utf-8").replace("  chi_tieu_ke_hoach: 33", "  chi_tieu_ke_hoach: -5"),
                      encoding="utf-8")
    target = tmp_path / "Kết quả" / "xếp hạng sở.md"
    target.parent.mkdir()
    result = run("rank", "--criteria", SO_SET, folder, "--skip-invalid", "--format", "markdown", "--output", target)
    assert result.code == 1  # one unit refused, the others ranked
    assert f"{broken}:13:3: [error] 'chi_tieu_ke_hoach' là số đếm, không được âm (nhận -5)" in result.err
    written = target.read_text(encoding="utf-8")
    assert "Sở Mẫu 01 (hư cấu)" in written and "Sở Mẫu 02 (hư cấu)" in written
    assert "3 tệp đầu vào" in written  # the provenance counts all three files read


# -- Windows file systems --------------------------------------------------------------------------------

def test_output_without_fchmod(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python before 3.13 on Windows has no os.fchmod: the output is written all the same."""
    monkeypatch.delattr(os, "fchmod")
    target = tmp_path / "xep-hang.csv"
    result = run("rank", "--criteria", SO_SET, UNIT, "--format", "csv", "--output", target)
    assert result.code == 0, result.err
    assert "so-mau-01" in target.read_text(encoding="utf-8")


def test_output_open_in_excel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows refuses to replace a file that Excel holds open: say what to do, keep the old file."""
    target = tmp_path / "xep-hang.csv"
    target.write_bytes(b"earlier")

    def held_open(source: object, destination: object) -> None:
        raise PermissionError(errno.EACCES, "Access is denied")

    monkeypatch.setattr(parindex.app.output.os, "replace", held_open)
    result = run("rank", "--criteria", SO_SET, UNIT, "--format", "csv", "--output", target)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err == (f"parindex: không ghi được tệp kết quả {target}: Access is denied; nếu tệp đang mở "
                          "trong Excel, Word hay trình duyệt, hãy đóng tệp rồi chạy lại\n")
    assert target.read_bytes() == b"earlier" and os.listdir(tmp_path) == ["xep-hang.csv"]


def test_provenance_of_a_file_on_another_drive(monkeypatch: pytest.MonkeyPatch) -> None:
    """os.path.relpath raises ValueError between C: and D: on Windows: the path is shown as given."""
    def other_drive(path: object, start: object = None) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(parindex.results.provenance.os.path, "relpath", other_drive)
    assert parindex.results.provenance.shown_path(UNIT, ROOT) == UNIT.as_posix()


class _WithoutFileNumber:
    """What os.stat gives on a file system without file numbers (some Windows network drives)."""

    st_ino = 0

    def __init__(self, real: os.stat_result) -> None:
        self._real = real

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


def test_a_drive_without_file_numbers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every folder and file has st_ino 0 there: no sub-folder is taken for one already walked, and
    an output beside the inputs is not taken for one of them (the real paths are compared)."""
    for name, unit in (("phong-a", "so-mau-01.yaml"), ("phong-b", "so-mau-02.yaml")):
        (tmp_path / "don-vi" / name).mkdir(parents=True)
        shutil.copy(SO_COHORT / unit, tmp_path / "don-vi" / name / unit)
    earlier = tmp_path / "xep-hang.csv"
    earlier.write_text("lần trước\n", encoding="utf-8")
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda *args, **kwargs: _WithoutFileNumber(real_stat(*args, **kwargs)))
    assert os.stat(tmp_path).st_ino == 0
    result = run("rank", "--criteria", SO_SET, tmp_path / "don-vi", "--format", "csv", "--output", earlier)
    assert result.code == 0, result.err
    written = earlier.read_text(encoding="utf-8")
    assert "so-mau-01" in written and "so-mau-02" in written  # both sub-folders walked
    unit = tmp_path / "don-vi" / "phong-a" / "so-mau-01.yaml"
    refused = run("rank", "--criteria", SO_SET, unit, "--output", unit)
    assert refused.code == 1 and f"tệp kết quả trùng với tệp đầu vào {unit}" in refused.err


def test_campaign_init_with_a_set_on_another_drive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`--set so=D:\\bo-tieu-chi\\so.yaml` for a campaign on C: cannot be written relative: it is
    written whole, and the campaign reads it back."""
    import parindex.app.campaign

    def other_drive(path: object, start: object = None) -> str:
        raise ValueError("path is on mount 'D:', start on mount 'C:'")

    monkeypatch.setattr(parindex.app.campaign.os.path, "relpath", other_drive)
    folder = tmp_path / "chien-dich"
    result = run("campaign", "init", folder, "--set", f"so={SO_SET}")
    monkeypatch.undo()
    assert result.code == 0, result.err
    written = (folder / "campaign.yaml").read_text(encoding="utf-8")
    assert f'  "so": "{SO_SET.resolve().as_posix()}"\n' in written
    assert run("campaign", "status", folder, "--today", "2026-01-01").code == 0


class _ClosedByItsReader(io.StringIO):
    """stdout piped into a reader that went away, as Windows reports it: OSError EINVAL on write."""

    def write(self, text: str) -> int:
        raise OSError(errno.EINVAL, "Invalid argument")



@pytest.mark.parametrize("windows", [True, False], ids=["windows", "linux"])
def test_pipe_closed_by_its_reader_on_windows(monkeypatch: pytest.MonkeyPatch, windows: bool) -> None:
    """`parindex rank … | more` quit early: on Windows the closed pipe is EINVAL, not BrokenPipeError
    (CPython issue 79935); it ends quietly with 1 there. Elsewhere EINVAL is a real error."""
    import parindex.cli

    monkeypatch.setattr(parindex.cli, "_WINDOWS", windows)
    err = io.StringIO()
    code = parindex.cli.main(["rank", "--criteria", str(SO_SET), str(UNIT)], stdout=_ClosedByItsReader(), stderr=err)
    assert code == 1
    if windows:
        assert err.getvalue() == ""
    else:
        assert err.getvalue().startswith("parindex: lỗi nội bộ (OSError: [Errno 22] Invalid argument)")
