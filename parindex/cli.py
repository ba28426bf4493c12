"""Command line: `parindex check | score | rank`. The only module that prints or exits: it parses
the arguments, calls the use case (parindex.app), shows the outcome's problems and output, and
returns its exit code.

Exit codes: 0 ok (warnings allowed), 1 problems in the input (or an interrupted run, or an output
closed early by its reader, as in `parindex rank … | head -1`), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import datetime as dt
import io
import os
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from parindex import __version__
from parindex.app import campaign as campaigns
from parindex.app import scoring
from parindex.app.check import check
from parindex.app.files import MAX_FOLDER_DEPTH
from parindex.app.outcome import Outcome
from parindex.core.errors import InputProblems, ParindexError, Problem
from parindex.core.text import printable, shorten
from parindex.reports.campaign import FORMATS as CAMPAIGN_FORMATS
from parindex.reports.registry import formats

__all__ = ["MAX_FOLDER_DEPTH", "main"]  # the folder depth limit, as the tests read it


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
        sub.add_argument("--criteria", required=name == "score", type=Path, help="tệp bộ tiêu chí YAML")
        sub.add_argument("units", nargs="+" if name == "score" else "*", type=Path,
                         help="tệp hoặc thư mục số liệu đơn vị")
        sub.add_argument("--format", choices=formats(), default="table")
        sub.add_argument("--output", type=Path, help="ghi kết quả vào tệp thay vì màn hình")
        sub.add_argument("--skip-invalid", action="store_true",
                         help="bỏ qua đơn vị có lỗi và vẫn chấm các đơn vị còn lại")
        sub.add_argument("--survey", action="append", type=Path, default=[], metavar="TỆP.csv",
                         help="phiếu điều tra xã hội học (CSV) cho các mục chấm theo điều tra; ghi nhiều lần "
                              "cho nhiều tệp")
        if name == "score":
            sub.add_argument("--explain", action="store_true", help="giải thích từng điểm bị mất")
        else:
            _campaign_rank_options(sub)
    _campaign_parsers(commands)
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
            parser = _parser()
            args = parser.parse_args(argv)
            _check_usage(parser, args)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        if args.command == "check":
            return _check(args.criteria, out, err)
        if args.command in CAMPAIGN_COMMANDS or getattr(args, "campaign", None) is not None:
            return _campaign(args, out, err)
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
    outcome = check(paths)
    for checked in outcome.sets:
        _print_problems(checked.problems, err)
        (out if checked.valid else err).write(checked.line + "\n")
    return outcome.status


def _score_or_rank(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = scoring.Options(format=args.format, explain=getattr(args, "explain", False), output=args.output,
                              skip_invalid=args.skip_invalid, survey=tuple(args.survey))
    use_case = scoring.score if args.command == "score" else scoring.rank
    outcome = use_case(args.criteria, args.units, options)
    for problem in outcome.problems:  # in the outcome's order: each file's problems sorted
        err.write(problem.render() + "\n")
    if outcome.notice is not None:
        err.write(f"parindex: {printable(outcome.notice)}\n")
    _emit(outcome, out)
    return outcome.status


def _emit(outcome: Outcome, out: TextIO) -> None:
    content = outcome.content
    if content is None:
        return
    if outcome.output is not None:
        scoring.save(outcome)
    elif isinstance(content, str):
        out.write(content)
    else:  # a binary format (a spreadsheet, a document) goes to the byte stream under the text one
        out.flush()
        out.buffer.write(content)


# -- the campaign commands ---------------------------------------------------------------------------

CAMPAIGN_COMMANDS = ("campaign", "appraise", "delta")


def _kind_and_set(text: str) -> tuple[str, Path]:
    kind, sep, path = text.partition("=")
    if not sep or not kind.strip() or not path.strip():
        raise argparse.ArgumentTypeError(f"'{text}' cần dạng LOẠI=ĐƯỜNG_DẪN, ví dụ so=criteria/2025/so.yaml")
    return kind.strip(), Path(path.strip())


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải ngày dạng YYYY-MM-DD, ví dụ 2026-02-15") from None


def _campaign_rank_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--campaign", type=Path, help="xếp hạng một chiến dịch (thư mục có campaign.yaml)")
    sub.add_argument("--round", choices=("self", "1", "2", "final"), default="final",
                     help="vòng được xếp hạng (mặc định: kết quả cuối cùng)")
    sub.add_argument("--compare", choices=("self",), help="thêm cột tự đánh giá bên cạnh kết quả")


def _campaign_parsers(commands: argparse._SubParsersAction[_Parser]) -> None:
    campaign = commands.add_parser("campaign", help="chiến dịch đánh giá một năm")
    steps = campaign.add_subparsers(dest="step", required=True, parser_class=_Parser)
    init = steps.add_parser("init", help="tạo thư mục chiến dịch và campaign.yaml")
    init.add_argument("folder", type=Path, help="thư mục chiến dịch")
    init.add_argument("--set", dest="sets", action="append", type=_kind_and_set, required=True,
                      metavar="LOẠI=BỘ_TIÊU_CHÍ",
                      help="bộ tiêu chí của một loại đơn vị, ví dụ so=criteria/2025/so.yaml")
    init.add_argument("--year", type=int, help="năm đánh giá (mặc định: năm của bộ tiêu chí)")
    init.add_argument("--title", help="tên chiến dịch")
    status = steps.add_parser("status", help="tình trạng nộp của từng đơn vị ở từng bước")
    status.add_argument("folder", type=Path, help="thư mục chiến dịch")
    status.add_argument("--today", type=_day, help="ngày xem tình trạng, dạng YYYY-MM-DD (mặc định: hôm nay)")
    status.add_argument("--format", choices=CAMPAIGN_FORMATS, default="table")
    status.add_argument("--output", type=Path, help="ghi kết quả vào tệp thay vì màn hình")

    appraise = commands.add_parser("appraise", help="lập phiếu thẩm định cho từng đơn vị")
    appraise.add_argument("folder", type=Path, help="thư mục chiến dịch")
    appraise.add_argument("--round", type=int, choices=(1, 2), required=True, help="vòng thẩm định")
    appraise.add_argument("--unit", help="chỉ lập phiếu cho đơn vị này (mã đơn vị)")

    delta = commands.add_parser("delta", help="so sánh tự đánh giá với các vòng thẩm định")
    delta.add_argument("folder", type=Path, help="thư mục chiến dịch")
    delta.add_argument("--unit", help="chỉ một đơn vị (mã đơn vị)")
    delta.add_argument("--format", choices=(*CAMPAIGN_FORMATS, "text"), default="table")
    delta.add_argument("--output", type=Path, help="ghi kết quả vào tệp thay vì màn hình")


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What the parser cannot say alone: `rank` takes a criteria set and unit files, or a campaign."""
    if args.command != "rank":
        return
    if args.campaign is None:
        if args.criteria is None or not args.units:
            parser.error("cần --criteria BỘ_TIÊU_CHÍ và tệp đơn vị, hoặc --campaign THƯ_MỤC")
        if args.round != "final" or args.compare is not None:
            parser.error("--round và --compare chỉ dùng với --campaign THƯ_MỤC")
    elif args.criteria is not None or args.units or args.skip_invalid or getattr(args, "survey", None):
        parser.error("--campaign không đi cùng --criteria, tệp đơn vị, --survey hay --skip-invalid (phiếu điều tra "
                     "của chiến dịch nằm trong thư mục của nó)")


def _campaign(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "campaign" and args.step == "init":
        outcome = campaigns.init(args.folder, dict(args.sets), args.year, args.title)
    elif args.command == "campaign":
        outcome = campaigns.status(args.folder, args.today, args.format, args.output)
    elif args.command == "appraise":
        outcome = campaigns.appraise(args.folder, args.round, args.unit)
    elif args.command == "delta":
        fmt = "table" if args.format == "text" else args.format
        outcome = campaigns.delta(args.folder, args.unit, fmt, args.output)
    else:
        options = campaigns.RankOptions(args.round, args.compare, args.format, args.output)
        outcome = campaigns.rank(args.campaign, options)
    for problem in outcome.problems:
        err.write(problem.render() + "\n")
    if outcome.notice is not None:
        err.write(f"parindex: {printable(outcome.notice)}\n")
    if outcome.content is not None and outcome.output is not None:
        campaigns.save(outcome)
    elif outcome.content is not None:
        _emit(outcome, out)
    return outcome.status
