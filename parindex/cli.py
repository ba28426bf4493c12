"""Command line: `parindex check | score | rank`. The only module that prints or exits.

Exit codes: 0 ok (warnings allowed), 1 problems in the input, 2 wrong usage.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from parindex import __version__
from parindex.compiling import CompiledSet
from parindex.errors import InputProblems, OutputError, ParindexError, Problem, Severity
from parindex.loading import UnitData, load_criteria, load_unit
from parindex.numbers import ZERO, format_number
from parindex.ranking import rank, score_units
from parindex.rendering import FORMATS, Renderer

UNIT_SUFFIXES = (".yaml", ".yml")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"parindex: lỗi cách dùng: {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parindex", description="Chấm điểm Chỉ số cải cách hành chính (PAR INDEX).")
    parser.add_argument("--version", action="version", version=f"parindex {__version__}")
    parser.add_argument("--debug", action="store_true", help="hiện traceback khi có lỗi nội bộ")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = commands.add_parser("check", help="kiểm tra bộ tiêu chí")
    check.add_argument("criteria", nargs="+", type=Path, help="tệp bộ tiêu chí YAML")

    for name, text in (("score", "chấm điểm đơn vị"), ("rank", "xếp hạng các đơn vị")):
        sub = commands.add_parser(name, help=text)
        sub.add_argument("--criteria", required=True, type=Path, help="tệp bộ tiêu chí YAML")
        sub.add_argument("units", nargs="+", type=Path, help="tệp hoặc thư mục số liệu đơn vị")
        sub.add_argument("--format", choices=FORMATS, default="table")
        sub.add_argument("--output", type=Path, help="ghi kết quả vào tệp thay vì màn hình")
        sub.add_argument("--skip-invalid", action="store_true",
                         help="bỏ qua đơn vị có lỗi và vẫn chấm các đơn vị còn lại")
        if name == "score":
            sub.add_argument("--explain", action="store_true", help="giải thích từng điểm bị mất")
    return parser


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:  # usage errors, --help and --version go to the streams given, not to sys.*
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        if args.command == "check":
            return _check(args.criteria, out, err)
        return _score_or_rank(args, out, err)
    except InputProblems as exc:
        _print_problems(exc.problems, err)
        return 1
    except ParindexError as exc:
        err.write(f"parindex: {exc}\n")
        return 1
    except KeyboardInterrupt:
        err.write("parindex: đã dừng theo yêu cầu; không ghi tệp kết quả nào\n")
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            traceback.print_exc(file=err)
        else:
            err.write(f"parindex: lỗi nội bộ ({type(exc).__name__}: {exc}); chạy lại với --debug "
                      "và gửi kết quả cho nhóm phát triển\n")
        return 1


def _print_problems(problems: list[Problem], err: TextIO) -> None:
    for problem in sorted(problems, key=Problem.sort_key):
        err.write(problem.render() + "\n")


def _check(paths: list[Path], out: TextIO, err: TextIO) -> int:
    status = 0
    for path in paths:
        try:
            compiled = load_criteria(path)
        except InputProblems as exc:
            _print_problems(exc.problems, err)
            errors = len(exc.errors)
            err.write(f"{path}: {errors} lỗi, {len(exc.problems) - errors} cảnh báo\n")
            status = 1
            continue
        _print_problems(compiled.warnings, err)
        counts = compiled.summary()
        out.write(
            f"{path}: hợp lệ — {compiled.spec.title} ({compiled.spec.year}): {counts['areas']} lĩnh vực, "
            f"{counts['criteria']} tiêu chí, {counts['sub_criteria']} tiêu chí thành phần, "
            f"{counts['leaves']} mục chấm điểm, tổng {format_number(compiled.spec.total_points)} điểm"
            f"{_blocks(compiled)}; {len(compiled.warnings)} cảnh báo\n"
        )
    return status


def _blocks(compiled: CompiledSet) -> str:
    extra = []
    if compiled.bonus:
        extra.append(f"thưởng tối đa {format_number(sum((b.max for b in compiled.bonus), ZERO))}")
    if compiled.penalties:
        extra.append(f"trừ tối đa {format_number(sum((p.max for p in compiled.penalties), ZERO))}")
    return f" (+ {', '.join(extra)})" if extra else ""


def unit_files(paths: list[Path]) -> list[Path]:
    """Expand folders into their .yaml/.yml files (recursively, sorted); check every path exists."""
    files: list[Path] = []
    problems: list[Problem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.suffix.lower() in UNIT_SUFFIXES and p.is_file())
            if not found:
                problems.append(Problem(str(path), None, None, "thư mục không có tệp số liệu .yaml nào"))
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            problems.append(Problem(str(path), None, None, "không tìm thấy tệp hoặc thư mục; hãy kiểm tra đường dẫn"))
    if problems:
        raise InputProblems(problems)
    return list(dict.fromkeys(files))


def _score_or_rank(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.output is not None:
        _check_output_path(args.output)
    criteria = load_criteria(args.criteria)
    _print_problems(criteria.warnings, err)
    files = unit_files(args.units)
    if args.output is not None:
        _refuse_overwriting_inputs(args.output, [args.criteria, *files])
    units, refused = _load_units(criteria, files, err)
    results = score_units(criteria, units)
    invalid = [r for r in results if not r.is_valid]
    for result in results:
        _print_problems(result.problems, err)
        refused.extend(p for p in result.problems if p.severity is Severity.ERROR)
    if refused and not args.skip_invalid:
        err.write(f"parindex: {len(refused)} lỗi trong số liệu đơn vị; không có kết quả nào được ghi. "
                  "Sửa các lỗi trên, hoặc dùng --skip-invalid để bỏ qua các đơn vị có lỗi.\n")
        return 1
    kept = [r for r in results if r not in invalid]
    renderer = Renderer(criteria, args.format)
    if args.command == "score":
        text = renderer.score(kept, args.explain)
    else:
        text = renderer.rank(rank(criteria, kept), refused)
    _emit(text, args.output, out)
    return 1 if refused else 0


def _load_units(criteria: CompiledSet, files: list[Path], err: TextIO) -> tuple[list[UnitData], list[Problem]]:
    """Load every unit file, printing each file's problems; return the loaded units and the
    errors of the refused ones."""
    units: list[UnitData] = []
    refused: list[Problem] = []
    seen: dict[str, UnitData] = {}
    for path in files:
        try:
            unit = load_unit(path, criteria)
        except InputProblems as exc:
            refused.extend(exc.errors)
            _print_problems(exc.problems, err)
            continue
        if unit.unit_id in seen:
            line = unit.doc.where(("unit_id",))[0]
            duplicate = Problem(unit.path, line, None,
                                f"mã đơn vị '{unit.unit_id}' trùng với tệp {seen[unit.unit_id].path}; "
                                "mỗi đơn vị chỉ có một tệp số liệu")
            refused.append(duplicate)
            _print_problems([duplicate], err)
            continue
        seen[unit.unit_id] = unit
        units.append(unit)
    return units, refused


def _refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    target = output.resolve()
    for source in inputs:
        if source.resolve() == target:
            raise InputProblems([Problem(str(output), None, None,
                                         f"tệp kết quả trùng với tệp đầu vào {source}; hãy chọn tên tệp khác")])


def _check_output_path(path: Path) -> None:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        message = f"thư mục '{folder}' không tồn tại; hãy tạo thư mục trước hoặc chọn đường dẫn khác"
        raise InputProblems([Problem(str(path), None, None, message)])
    if path.is_dir():
        raise InputProblems([Problem(str(path), None, None, "đường dẫn kết quả là một thư mục; hãy ghi tên tệp")])


def _emit(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        return
    write_atomically(output, text)


def write_atomically(path: Path, text: str) -> None:
    """Write to a temporary file beside `path`, then move it into place: an interrupted or failed
    run leaves any earlier file untouched."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:  # e.g. no permission to write in the folder
        raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
        raise

