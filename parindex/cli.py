"""Command line: `parindex check | score | rank`. The only module that prints or exits.

Exit codes: 0 ok (warnings allowed), 1 problems in the input (or an interrupted run, or an output
closed early by its reader, as in `parindex rank … | head -1`), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import io
import os
import stat
import sys
import tempfile
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from parindex import __version__
from parindex.core.errors import InputProblems, OutputError, ParindexError, Problem, Severity
from parindex.core.numbers import ZERO, format_number
from parindex.core.text import nfc, printable, shorten, skeleton
from parindex.criteria.compiler import CompiledSet
from parindex.engine.batch import score_units
from parindex.intake.sets import load_criteria
from parindex.intake.units import UnitData, load_unit
from parindex.reports.render import FORMATS, Renderer
from parindex.results.ranking import rank

UNIT_SUFFIXES = (".yaml", ".yml")
# Sub-folders of a units folder are searched this many levels deep, no deeper (real folders use
# two or three: province / district / unit).
MAX_FOLDER_DEPTH = 32


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
    if stdout is None:
        prepare_console()
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        code = _main(argv, out, err)
        out.flush()
        err.flush()
    except BrokenPipeError:
        return output_closed(out, err)
    return code


def prepare_console() -> None:
    """A console whose encoding is not UTF-8 (a Windows code page, PYTHONIOENCODING=ascii) cannot
    show Vietnamese letters: write those as \\uXXXX escapes instead of crashing on the first one."""
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue
        try:
            utf8 = codecs.lookup(stream.encoding).name == "utf-8"
        except LookupError:
            utf8 = False
        if not utf8:
            stream.reconfigure(errors="backslashreplace")


def output_closed(out: TextIO, err: TextIO) -> int:
    """The reader of the output went away (`parindex rank … | head -1`): stop quietly, as Python's
    documentation recommends — point the closed streams at /dev/null so that nothing more is
    written to them, not even when Python flushes them on exit — and exit with 1."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (out, err):
        with contextlib.suppress(OSError, ValueError):
            os.dup2(devnull, stream.fileno())
    os.close(devnull)
    return 1


def _main(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
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
        err.write(f"parindex: {printable(str(exc))}\n")
        return 1
    except KeyboardInterrupt:
        err.write("parindex: đã dừng theo yêu cầu; không ghi tệp kết quả nào\n")
        return 1
    except BrokenPipeError:
        raise
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no traceback for users
        if args.debug:
            traceback.print_exc(file=err)
        else:
            err.write(f"parindex: lỗi nội bộ ({type(exc).__name__}: {shorten(exc, 300)}); chạy lại với --debug "
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
            err.write(f"{printable(str(path))}: {errors} lỗi, {len(exc.problems) - errors} cảnh báo\n")
            status = 1
            continue
        _print_problems(compiled.warnings, err)
        counts = compiled.summary()
        out.write(
            f"{printable(str(path))}: hợp lệ — {printable(compiled.spec.title)} ({compiled.spec.year}): "
            f"{counts['areas']} lĩnh vực, "
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


@dataclass
class UnitFiles:
    """What the unit paths of a command line name: the files to read, the entries refused without
    reading (a *.yaml that is a FIFO, a socket, a dangling link…) and the files skipped with a
    warning (not .yaml)."""

    files: list[Path] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)


def unit_files(paths: list[Path]) -> UnitFiles:
    """Expand folders into their .yaml/.yml files (sub-folders too, each folder sorted); check that
    every path exists. Missing paths and unreadable or too deep folders raise InputProblems."""
    found = UnitFiles()
    for path in paths:
        if path.is_dir():
            before = (len(found.files), len(found.refused), len(found.fatal))
            _walk_folder(path, found)
            if (len(found.files), len(found.refused), len(found.fatal)) == before:
                found.fatal.append(Problem(str(path), None, None, "thư mục không có tệp số liệu .yaml nào"))
        elif path.exists() or path.is_symlink():
            found.files.append(path)
        else:
            found.fatal.append(Problem(str(path), None, None,
                                       "không tìm thấy tệp hoặc thư mục; hãy kiểm tra đường dẫn"))
    if found.fatal:
        raise InputProblems(found.fatal + found.refused + found.skipped)
    found.files = list(dict.fromkeys(found.files))
    return found


def _walk_folder(root: Path, found: UnitFiles) -> None:
    """Walk `root` without recursion (an explicit stack), at most MAX_FOLDER_DEPTH levels down,
    entering a folder reached twice through symbolic links only once (no loops)."""
    stack: list[tuple[Path, int]] = [(root, 0)]
    seen: set[tuple[int, int]] = set()
    files: list[Path] = []
    while stack:
        folder, depth = stack.pop()
        try:
            identity = folder.stat()
            if (identity.st_dev, identity.st_ino) in seen:
                continue
            seen.add((identity.st_dev, identity.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.fatal.append(Problem(str(folder), None, None, f"không đọc được thư mục ({exc.strerror}); "
                                       "hãy kiểm tra quyền truy cập"))
            continue
        for entry in entries:
            path = Path(entry.path)
            kind = _entry_kind(entry)
            if kind == "folder":
                if depth >= MAX_FOLDER_DEPTH:
                    found.fatal.append(Problem(str(root), None, None, _too_deep(root, path)))
                    continue
                stack.append((path, depth + 1))
            elif path.suffix.lower() not in UNIT_SUFFIXES:
                found.skipped.append(Problem(str(path), None, None,
                                             f"tệp '{shorten(entry.name)}' không phải tệp số liệu .yaml; bỏ qua",
                                             Severity.WARNING))
            elif kind == "file":
                files.append(path)
            else:
                found.refused.append(Problem(str(path), None, None, _not_a_file(path)))
    found.files.extend(sorted(files))


def _entry_kind(entry: os.DirEntry[str]) -> str:
    """The kind of a folder entry: "folder", "file" (regular, through symbolic links) or "other"."""
    try:
        if entry.is_dir():
            return "folder"
        return "file" if entry.is_file() else "other"
    except OSError:
        return "other"


def _too_deep(root: Path, folder: Path) -> str:
    return (f"thư mục con '{shorten(folder.relative_to(root))}' nằm sâu hơn {MAX_FOLDER_DEPTH} cấp; "
            f"hãy đặt các tệp số liệu trong tối đa {MAX_FOLDER_DEPTH} cấp thư mục con")


def _not_a_file(path: Path) -> str:
    try:
        mode = path.stat().st_mode
    except OSError:
        what = "liên kết tượng trưng trỏ tới tệp không tồn tại" if path.is_symlink() else "không đọc được"
    else:
        what = ("FIFO (ống dẫn có tên)" if stat.S_ISFIFO(mode) else "socket" if stat.S_ISSOCK(mode)
                else "thiết bị" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "không phải tệp thường")
    return (f"'{shorten(path.name)}' không phải tệp số liệu thường ({what}); đơn vị này không được chấm — "
            "hãy thay bằng tệp .yaml thật hoặc xóa khỏi thư mục")


def _score_or_rank(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.output is not None:
        _check_output_path(args.output)
    criteria = load_criteria(args.criteria)
    _print_problems(criteria.warnings, err)
    listing = unit_files(args.units)
    files = listing.files
    _print_problems(listing.skipped, err)
    _print_problems(listing.refused, err)
    if args.output is not None:
        _refuse_overwriting_inputs(args.output, [args.criteria, *files])
    units, refused = _load_units(criteria, files, err)
    refused = listing.refused + refused
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
        key = unit_key(unit.unit_id)
        if key in seen:
            duplicate = _duplicate(unit, seen[key])
            refused.append(duplicate)
            _print_problems([duplicate], err)
            continue
        seen[key] = unit
        units.append(unit)
    return units, refused


def unit_key(unit_id: str) -> str:
    """Two unit ids are the same unit when they are equal after NFC and after folding letters of
    other scripts that look like Latin ones ("sо-a" with a Cyrillic "о" is "so-a")."""
    return skeleton(nfc(unit_id))


def _duplicate(unit: UnitData, first: UnitData) -> Problem:
    line = unit.doc.where(("unit_id",))[0]
    same = "" if unit.unit_id == first.unit_id else (
        f" ('{shorten(first.unit_id)}' ở đó; hai mã chỉ khác nhau ở dạng Unicode hoặc ở chữ cùng hình "
        "của bảng chữ cái khác)")
    return Problem(unit.path, line, None,
                   f"mã đơn vị '{shorten(unit.unit_id)}' trùng với tệp {first.path}{same}; "
                   "mỗi đơn vị chỉ có một tệp số liệu")


def _refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    target = output.resolve()
    for source in inputs:
        if source.resolve() == target:
            raise InputProblems([Problem(str(output), None, None,
                                         f"tệp kết quả trùng với tệp đầu vào {source}; hãy chọn tên tệp khác")])


def _check_output_path(path: Path) -> None:
    target = output_target(path)
    folder = target.parent
    if not folder.is_dir():
        message = f"thư mục '{folder}' không tồn tại; hãy tạo thư mục trước hoặc chọn đường dẫn khác"
        raise InputProblems([Problem(str(path), None, None, message)])
    if target.is_dir():
        raise InputProblems([Problem(str(path), None, None, "đường dẫn kết quả là một thư mục; hãy ghi tên tệp")])


def output_target(path: Path) -> Path:
    """The file `--output` really writes: a symbolic link is followed to its target (the link
    stays a link), a relative path is taken from the current folder."""
    return Path(os.path.realpath(path))


def _emit(text: str, output: Path | None, out: TextIO) -> None:
    if output is None:
        out.write(text)
        return
    write_atomically(output, text)


def write_atomically(path: Path, text: str) -> None:
    """Write UTF-8 to a temporary file beside the target of `path`, then move it into place: an
    interrupted or failed run leaves any earlier file untouched. A symbolic link is followed (its
    target is replaced, the link kept); the file keeps the permissions of the file it replaces, a
    new file gets the usual ones (0o666 less the umask). A target that exists but is not a regular
    file (/dev/null, a FIFO) is written directly."""
    target = output_target(path)
    try:
        existing = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_directly(path, target, text)
        return
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # e.g. no permission to write in the folder
        raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            stream.write(text)
            stream.flush()
            os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
        raise


def _new_file_mode() -> int:
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def _write_directly(path: Path, target: Path, text: str) -> None:
    try:
        with open(target, "w", encoding="utf-8", errors="backslashreplace", newline="") as stream:
            stream.write(text)
    except OSError as exc:
        raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
