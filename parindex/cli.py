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
import dataclasses
import datetime as dt
import errno
import io
import os
import sys
import traceback
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from parindex import __version__
from parindex.app import campaign as campaigns
from parindex.app import scoring
from parindex.app import template as templates
from parindex.app.casetest import run_cases
from parindex.app.check import check
from parindex.app.files import MAX_FOLDER_DEPTH
from parindex.app.formats import FormatChoiceError, choose_format
from parindex.app.outcome import Outcome
from parindex.app.setdiff import diff as diff_sets
from parindex.app.template import FORMATS as TEMPLATE_FORMATS
from parindex.app.trends import trends as trend_table
from parindex.core.errors import InputProblems, ParindexError, Problem
from parindex.core.text import printable, shorten
from parindex.cycle.rounds import ROUND_CHOICES
from parindex.reports.campaign import FORMATS as CAMPAIGN_FORMATS
from parindex.reports.registry import formats
from parindex.reports.setdiff import FORMATS as DIFF_FORMATS
from parindex.reports.trends import FORMATS as TREND_FORMATS

__all__ = ["MAX_FOLDER_DEPTH", "main"]  # the folder depth limit, as the tests read it


# argparse's own words (usage line, section titles, -h, its error messages) in Vietnamese. argparse
# looks each one up through gettext when it uses it; a _Parser swaps this table in while it is built,
# parses or formats its help, and puts gettext back after. A word missing here stays in English.
_ARGPARSE_VI = {
    "usage: ": "cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "subcommands": "các lệnh",
    " (default: %(default)s)": " (mặc định: %(default)s)",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện phiên bản của parindex rồi thoát",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "unrecognized arguments: %s": "không hiểu đối số: %s",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "not allowed with argument %s": "không dùng cùng với đối số %s",
    "ignored explicit argument %r": "tùy chọn này không nhận giá trị (nhận %r)",
    "expected one argument": "cần một giá trị",
    "expected at most one argument": "chỉ nhận nhiều nhất một giá trị",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected %s argument": "cần %s giá trị",
    "expected %s arguments": "cần %s giá trị",
    "ambiguous option: %(option)s could match %(matches)s": "tùy chọn %(option)s chưa rõ, có thể là %(matches)s",
    "unexpected option string: %s": "không chờ tùy chọn %s ở đây",
    "invalid %(type)s value: %(value)r": "giá trị %(value)r không hợp lệ (%(type)s)",
    "invalid choice: %(value)r (choose from %(choices)s)": "%(value)r không phải lựa chọn hợp lệ; chọn một trong: "
                                                           "%(choices)s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": "không có lệnh %(parser_name)r (các lệnh: %(choices)s)",
}


@contextlib.contextmanager
def _vietnamese_argparse() -> Iterator[None]:
    names = vars(argparse)
    saved = names["_"], names["ngettext"]
    names["_"] = lambda text: _ARGPARSE_VI.get(text, text)
    names["ngettext"] = lambda one, many, n: _ARGPARSE_VI.get(one if n == 1 else many, one if n == 1 else many)
    try:
        yield
    finally:
        names["_"], names["ngettext"] = saved


class _Parser(argparse.ArgumentParser):
    """An argument parser that speaks Vietnamese (`_ARGPARSE_VI`) and reports wrong usage in one
    Vietnamese line after the usage, with exit code 2."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _vietnamese_argparse():
            super().__init__(*args, **kwargs)

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        with _vietnamese_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: Any = None) -> tuple[Any, list[str]]:
        with _vietnamese_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _vietnamese_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _vietnamese_argparse():
            return super().format_help()

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"parindex: lỗi cách dùng: {message}\n")
        raise SystemExit(2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parindex", description="Chấm điểm Chỉ số cải cách hành chính (PAR INDEX).",
                     epilog="Hướng dẫn của từng lệnh: parindex LỆNH --help. Hướng dẫn sử dụng đầy đủ: "
                            "docs/huong-dan-su-dung.md.")
    parser.add_argument("--version", action="version", version=f"parindex {__version__}",
                        help="hiện phiên bản của parindex rồi thoát")
    parser.add_argument("--debug", action="store_true", help="hiện traceback khi có lỗi nội bộ")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser, title="các lệnh",
                                     metavar="LỆNH", help="lệnh cần chạy, một trong các lệnh dưới đây")

    check = commands.add_parser("check", help="kiểm tra bộ tiêu chí",
                                description="Kiểm tra bộ tiêu chí trước khi dùng (lĩnh vực, tiêu chí, tổng điểm, "
                                            "công thức); mọi lỗi được liệt kê cùng lúc, mỗi lỗi một dòng tệp:dòng:cột.")
    check.add_argument("criteria", nargs="+", type=Path, metavar="BỘ_TIÊU_CHÍ", help="tệp bộ tiêu chí YAML")

    for name, text in (("score", "chấm điểm đơn vị"), ("rank", "xếp hạng các đơn vị")):
        sub = commands.add_parser(name, help=text, description=_DESCRIPTIONS[name])
        sub.add_argument("--criteria", required=name == "score", type=Path, metavar="BỘ_TIÊU_CHÍ",
                         help="tệp bộ tiêu chí YAML")
        sub.add_argument("units", nargs="+" if name == "score" else "*", type=Path, metavar="ĐƠN_VỊ",
                         help="tệp số liệu đơn vị (.yaml, hoặc .xlsx: mẫu Excel đã điền, bảng nhiều đơn vị) hoặc "
                              "thư mục các tệp đó (tìm cả trong thư mục con)")
        sub.add_argument("--format", choices=formats(), default=None,
                         help="định dạng kết quả (mặc định: theo đuôi tệp --output — .xlsx, .docx, .html, .csv, "
                              ".json, .md, .txt; không có thì table, bảng trên màn hình)")
        sub.add_argument("--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình")
        sub.add_argument("--skip-invalid", action="store_true",
                         help="bỏ qua đơn vị có lỗi và vẫn chấm các đơn vị còn lại")
        sub.add_argument("--survey", action="append", type=Path, default=[], metavar="PHIẾU",
                         help="phiếu điều tra xã hội học (CSV hoặc Excel .xlsx) cho các mục chấm theo điều tra; "
                              "ghi nhiều lần cho nhiều tệp")
        sub.add_argument("--system-data", action="append", type=Path, default=[], metavar="TỆP.csv",
                         help="số liệu hệ thống do Sở xuất (điểm Bộ chỉ số 766, SIPAS, DTI; CSV: unit_id, "
                              "indicator, value) hoặc thư mục các tệp đó; ghi nhiều lần cho nhiều tệp")
        sub.add_argument("--mapping", type=Path, metavar="ÁNH_XẠ.yaml",
                         help="chấm lại số liệu năm trước theo bộ tiêu chí năm nay: tệp ánh xạ chỉ số đổi tên, "
                              "bỏ, mã mục đổi chỗ và giá trị mặc định (docs/rescore.md)")
        if name == "score":
            sub.add_argument("--explain", action="store_true", help="giải thích từng điểm bị mất")
        else:
            _campaign_rank_options(sub)
    _campaign_parsers(commands)
    _author_parsers(commands)
    _template_parser(commands)
    return parser


_DESCRIPTIONS = {
    "score": "Chấm điểm từng đơn vị theo bộ tiêu chí: điểm từng lĩnh vực và tiêu chí, tổng điểm, chỉ số, xếp loại; "
             "--explain giải thích từng điểm bị mất.",
    "rank": "Xếp hạng các đơn vị theo loại đơn vị (hoặc nhóm xếp hạng), từ tệp và thư mục số liệu, hoặc từ một "
            "chiến dịch (--campaign).",
}


def main(argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    if stdout is None:
        prepare_console()
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        code = _main(argv, out, err)
        out.flush()
        err.flush()
    except OSError as exc:
        if not closed_pipe(exc):
            raise
        return output_closed(out, err)
    return code


_WINDOWS = sys.platform == "win32"


def closed_pipe(exc: BaseException) -> bool:
    """The reader of the output went away: BrokenPipeError, or on Windows an OSError EINVAL or
    EPIPE, which Windows gives instead for a pipe closed by its reader (CPython issue 79935)."""
    if isinstance(exc, BrokenPipeError):
        return True
    return _WINDOWS and isinstance(exc, OSError) and exc.errno in (errno.EINVAL, errno.EPIPE)


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
            command = _command_parser(parser, args)
            _check_usage(command, args)
            _choose_format(command, args, out)
    except SystemExit as exc:
        return int(exc.code) if isinstance(exc.code, int) else 2
    try:
        if args.command == "check":
            return _check(args.criteria, out, err)
        if args.command in AUTHOR_COMMANDS:
            return _author(args, out, err)
        if args.command == "template":
            return _template(args, out, err)
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
    except Exception as exc:  # the last line of defence: no traceback for users
        if closed_pipe(exc):  # Windows: see closed_pipe
            raise
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
                              skip_invalid=args.skip_invalid, survey=tuple(args.survey),
                              system_data=tuple(args.system_data), mapping=args.mapping)
    use_case = scoring.score if args.command == "score" else scoring.rank
    outcome = use_case(args.criteria, args.units, options)
    return _show(outcome, out, err)


def _show(outcome: Outcome, out: TextIO, err: TextIO) -> int:
    """An outcome's problems (in its order: each file's problems sorted) and closing notice, then its
    content, written to its output file or shown; its exit status."""
    for problem in outcome.problems:
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


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải số nguyên") from None


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' không phải ngày dạng YYYY-MM-DD, ví dụ 2026-02-15") from None


def _campaign_rank_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--campaign", type=Path, metavar="THƯ_MỤC",
                     help="xếp hạng một chiến dịch (thư mục có campaign.yaml)")
    sub.add_argument("--round", choices=tuple(ROUND_CHOICES), default="final",
                     help="vòng được xếp hạng (mặc định: kết quả cuối cùng)")
    sub.add_argument("--compare", choices=("self",), help="thêm cột tự đánh giá bên cạnh kết quả")


def _campaign_parsers(commands: argparse._SubParsersAction[_Parser]) -> None:
    campaign = commands.add_parser("campaign", help="chiến dịch đánh giá một năm",
                                   description="Chiến dịch đánh giá một năm (xem docs/campaign.md): tạo thư mục "
                                               "chiến dịch (init), xem tình trạng nộp (status).")
    steps = campaign.add_subparsers(dest="step", required=True, parser_class=_Parser, title="các bước",
                                    metavar="BƯỚC", help="bước cần làm, một trong các bước dưới đây")
    init = steps.add_parser("init", help="tạo thư mục chiến dịch và campaign.yaml",
                            description="Tạo thư mục chiến dịch: tệp campaign.yaml và một thư mục cho mỗi bước.")
    init.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục chiến dịch")
    init.add_argument("--set", dest="sets", action="append", type=_kind_and_set, required=True,
                      metavar="LOẠI=BỘ_TIÊU_CHÍ",
                      help="bộ tiêu chí của một loại đơn vị, ví dụ so=criteria/2025/so.yaml")
    init.add_argument("--year", type=_whole_number, metavar="NĂM", help="năm đánh giá (mặc định: năm của bộ tiêu chí)")
    init.add_argument("--title", metavar="TÊN", help="tên chiến dịch")
    status = steps.add_parser("status", help="tình trạng nộp của từng đơn vị ở từng bước",
                              description="Tình trạng nộp của từng đơn vị ở từng bước: đã nộp, nộp trễ, còn thiếu.")
    status.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục chiến dịch")
    status.add_argument("--today", type=_day, metavar="NGÀY",
                        help="ngày xem tình trạng, dạng YYYY-MM-DD (mặc định: hôm nay)")
    status.add_argument("--format", choices=CAMPAIGN_FORMATS, default=None,
                        help="định dạng kết quả (mặc định: theo đuôi tệp --output; không có thì table, bảng trên "
                             "màn hình)")
    status.add_argument("--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình")

    appraise = commands.add_parser("appraise", help="lập phiếu thẩm định cho từng đơn vị",
                                   description="Lập phiếu thẩm định của một vòng cho từng đơn vị, điền sẵn số liệu "
                                               "đơn vị đã nộp, vào thư mục của vòng đó trong chiến dịch.")
    appraise.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục chiến dịch")
    appraise.add_argument("--round", type=_whole_number, choices=(1, 2), required=True, help="vòng thẩm định")
    appraise.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="chỉ lập phiếu cho đơn vị này (mã đơn vị)")
    appraise.add_argument("--format", dest="sheet_format", choices=("yaml", "xlsx"), default="yaml",
                          help="phiếu YAML (mặc định) hoặc Excel (xlsx: điền sẵn số liệu, ô để ghi giá trị hoặc điểm "
                               "sau thẩm định, lý do, tài liệu, yêu cầu giải trình)")

    delta = commands.add_parser("delta", help="so sánh tự đánh giá với các vòng thẩm định",
                                description="So sánh tự đánh giá với các vòng thẩm định: điểm của từng đơn vị "
                                            "thay đổi ở mục nào, bao nhiêu, vì sao.")
    delta.add_argument("folder", type=Path, metavar="THƯ_MỤC", help="thư mục chiến dịch")
    delta.add_argument("--unit", metavar="MÃ_ĐƠN_VỊ", help="chỉ một đơn vị (mã đơn vị)")
    delta.add_argument("--format", choices=(*CAMPAIGN_FORMATS, "xlsx", "text"), default=None,
                       help="định dạng kết quả (mặc định: theo đuôi tệp --output; không có thì table, bảng trên "
                            "màn hình)")
    delta.add_argument("--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình")


def _command_parser(parser: argparse.ArgumentParser, args: argparse.Namespace) -> argparse.ArgumentParser:
    """The parser of the command given (`rank`…), so that a usage error shows that command's usage."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            found = action.choices.get(getattr(args, "command", None) or "")
            if isinstance(found, argparse.ArgumentParser):
                return found
    return parser


def _check_usage(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """What the parser cannot say alone: `rank` takes a criteria set and unit files, or a campaign."""
    if args.command != "rank":
        return
    if args.campaign is None:
        if args.criteria is None or not args.units:
            parser.error("cần --criteria BỘ_TIÊU_CHÍ và tệp đơn vị, hoặc --campaign THƯ_MỤC")
        if args.round != "final" or args.compare is not None:
            parser.error("--round và --compare chỉ dùng với --campaign THƯ_MỤC")
    elif args.criteria is not None or args.units or args.skip_invalid or getattr(args, "survey", None) \
            or getattr(args, "system_data", None) or getattr(args, "mapping", None):
        parser.error("--campaign không đi cùng --criteria, tệp đơn vị, --survey, --system-data, --mapping hay "
                     "--skip-invalid (phiếu điều tra và số liệu hệ thống của chiến dịch nằm trong thư mục của nó)")


def _choose_format(parser: argparse.ArgumentParser, args: argparse.Namespace, out: TextIO) -> None:
    """--format as given, else from the suffix of --output; a contradiction, or a spreadsheet or
    document to a terminal, is a usage error (parindex.app.formats) — before anything is read."""
    if not hasattr(args, "format") or not hasattr(args, "output") or args.command == "template":
        return
    if args.command == "campaign":
        offered: tuple[str, ...] = CAMPAIGN_FORMATS
    elif args.command == "delta":
        offered = (*CAMPAIGN_FORMATS, "xlsx")
    else:
        offered = formats()
    try:
        args.format = choose_format(args.format, args.output, offered, terminal=out.isatty())
    except FormatChoiceError as exc:
        parser.error(str(exc))


def _campaign(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "campaign" and args.step == "init":
        outcome = campaigns.init(args.folder, dict(args.sets), args.year, args.title)
    elif args.command == "campaign":
        outcome = campaigns.status(args.folder, args.today, args.format, args.output)
    elif args.command == "appraise":
        outcome = campaigns.appraise(args.folder, args.round, args.unit, args.sheet_format)
    elif args.command == "delta":
        fmt = "table" if args.format == "text" else args.format
        outcome = campaigns.delta(args.folder, args.unit, fmt, args.output)
    else:
        options = campaigns.RankOptions(args.round, args.compare, args.format, args.output)
        outcome = campaigns.rank(args.campaign, options)
    return _show(outcome, out, err)


# -- tools for the people who write sets: test, diff, trends ------------------------------------------

AUTHOR_COMMANDS = ("test", "diff", "trends")
_SUFFIX_FORMATS = {".md": "markdown", ".json": "json", ".csv": "csv", ".txt": "text"}


def _author_parsers(commands: argparse._SubParsersAction[_Parser]) -> None:
    test = commands.add_parser(
        "test", help="chạy các trường hợp kiểm thử của bộ tiêu chí",
        description="Chạy các trường hợp kiểm thử (tệp *.cases.yaml: số liệu đơn vị và điểm mong đợi) và báo từng "
                    "điều không đúng với tệp:dòng, giá trị cần và giá trị được. Cách viết: docs/test-cases.md.")
    test.add_argument("cases", nargs="+", type=Path, metavar="TRƯỜNG_HỢP",
                      help="tệp trường hợp kiểm thử, hoặc thư mục (tìm mọi tệp *.cases.yaml)")
    test.add_argument("-v", "--verbose", action="store_true", help="liệt kê cả các trường hợp đạt")

    diff = commands.add_parser(
        "diff", help="so sánh hai bộ tiêu chí",
        description="Liệt kê thay đổi giữa hai bộ tiêu chí: lĩnh vực, tiêu chí thêm, bỏ, đổi tên, đổi mã, đổi điểm, "
                    "đổi cách chấm; chỉ số; xếp loại; tổng điểm. --format markdown cho tờ trình.")
    diff.add_argument("old", type=Path, metavar="BỘ_CŨ", help="bộ tiêu chí cũ (ví dụ năm trước)")
    diff.add_argument("new", type=Path, metavar="BỘ_MỚI", help="bộ tiêu chí mới")
    diff.add_argument("--format", dest="author_format", choices=DIFF_FORMATS, default=None,
                      help="định dạng (mặc định: theo đuôi tệp --output .md/.json; không có thì text)")
    diff.add_argument("--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình")

    trends = commands.add_parser(
        "trends", help="diễn biến chỉ số của từng đơn vị qua các năm",
        description="Từ các tệp kết quả đã lưu của nhiều năm (parindex rank --format json --output …): chỉ số, thứ "
                    "hạng, xếp loại, điểm từng lĩnh vực của từng đơn vị theo năm.")
    trends.add_argument("results", nargs="+", type=Path, metavar="KẾT_QUẢ.json",
                        help="tệp kết quả JSON, mỗi năm một tệp")
    trends.add_argument("--format", dest="author_format", choices=TREND_FORMATS, default=None,
                        help="định dạng (mặc định: theo đuôi tệp --output .md/.csv/.json; không có thì table)")
    trends.add_argument("--output", type=Path, metavar="TỆP", help="ghi kết quả vào tệp thay vì màn hình")


def _author(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    if args.command == "test":
        tested = run_cases(args.cases, args.verbose)
        _print_problems(tested.problems, err)
        out.write(tested.content)
        return tested.status
    offered = DIFF_FORMATS if args.command == "diff" else TREND_FORMATS
    fmt = args.author_format
    if fmt is None:
        guessed = _SUFFIX_FORMATS.get(args.output.suffix.lower()) if args.output is not None else None
        fmt = guessed if guessed in offered else offered[0]
    if args.command == "diff":
        outcome = diff_sets(args.old, args.new, fmt, args.output)
    else:
        outcome = trend_table(args.results, fmt, args.output)
    return _show(outcome, out, err)


# -- blank forms: template ----------------------------------------------------------------------------


def _template_parser(commands: argparse._SubParsersAction[_Parser]) -> None:
    template = commands.add_parser(
        "template", help="lập mẫu biểu trống cho đơn vị (YAML hoặc Excel)",
        description="Lập mẫu biểu trống từ bộ tiêu chí: tệp YAML có chú thích từng chỉ số, mẫu Excel có danh sách "
                    "chọn và kiểm tra giá trị, bảng Excel nhiều đơn vị (--many) hoặc phiếu điều tra (--survey). "
                    "Đơn vị điền mẫu rồi nộp; parindex đọc được tệp đã điền (docs/excel.md).")
    template.add_argument("--criteria", required=True, type=Path, metavar="BỘ_TIÊU_CHÍ", help="tệp bộ tiêu chí YAML")
    template.add_argument("--format", choices=TEMPLATE_FORMATS, default=None,
                          help="yaml hoặc xlsx (csv: dòng tiêu đề của phiếu điều tra); mặc định theo đuôi tệp "
                               "--output, không có thì yaml (xlsx với --many, --survey)")
    template.add_argument("--unit-kind", metavar="LOẠI", help="loại đơn vị ghi sẵn trong mẫu (khi bộ tiêu chí dùng "
                                                              "cho nhiều loại đơn vị)")
    template.add_argument("--many", action="store_true",
                          help="bảng Excel nhiều đơn vị cho Sở: mỗi dòng một đơn vị, mỗi cột một chỉ số")
    template.add_argument("--survey", action="store_true", help="phiếu nhập câu trả lời điều tra xã hội học")
    template.add_argument("--output", type=Path, metavar="TỆP", help="ghi mẫu vào tệp (cần cho mẫu Excel)")


def _template(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    options = templates.TemplateOptions(unit_kind=args.unit_kind, many=args.many, survey=args.survey,
                                        output=args.output)
    try:
        fmt = choose_format(args.format, args.output, TEMPLATE_FORMATS, terminal=out.isatty(),
                            default=templates.default_format(options), binary=("xlsx",))
    except FormatChoiceError as exc:  # a usage error, as for the other commands
        err.write(f"parindex: lỗi cách dùng: {printable(str(exc))}\n")
        return 2
    outcome = templates.template(args.criteria, dataclasses.replace(options, format=fmt))
    return _show(outcome, out, err)
