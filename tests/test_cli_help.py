"""Every command's `--help`, and every wrong usage, speaks Vietnamese: argparse's own words
(usage, section titles, -h, its error messages) included; `--help` exits 0, wrong usage 2."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest
from conftest import run

from parindex.cli import _parser

VIETNAMESE = re.compile("[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]", re.IGNORECASE)
# What argparse writes in English when nobody translates it (Python 3.11 to 3.13).
ARGPARSE_ENGLISH = re.compile(
    r"usage:|positional arguments|optional arguments|options:|subcommands|show this help|show program|"
    r"\(default:|\bargument\b|\barguments\b|invalid choice|choose from|expected (one|at|\d)|unrecognized|"
    r"ambiguous option|could match|is required|not allowed with|ignored explicit|\berror:",
)


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()) -> Iterator[
        tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every parser of the command line with the words that reach it: (), ("rank",), ("campaign", "init")…"""
    yield words, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _commands(sub, (*words, name))


COMMANDS = [words for words, _ in _commands(_parser())]


def test_the_walk_finds_every_command() -> None:
    # the commands of this issue and the earlier ones; a new command is walked without a change here
    assert {(), ("check",), ("score",), ("rank",), ("campaign",), ("campaign", "init"), ("campaign", "status"),
            ("appraise",), ("delta",)} <= set(COMMANDS)


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(w) or "parindex" for w in COMMANDS])
def test_help_is_vietnamese(words: tuple[str, ...]) -> None:
    code, out, err = run(*words, "--help")
    assert code == 0 and err == ""
    assert out.startswith(f"cách dùng: {' '.join(('parindex', *words))} [-h]")
    assert not ARGPARSE_ENGLISH.search(out), ARGPARSE_ENGLISH.search(out)
    parser = dict(_commands(_parser()))[words]
    if any(not action.option_strings for action in parser._actions):  # positional arguments, or commands
        assert "đối số:" in out or "các lệnh:" in out or "các bước:" in out
    assert "tùy chọn:\n  -h, --help" in out and "hiện hướng dẫn này rồi thoát" in out


@pytest.mark.parametrize("words", COMMANDS, ids=[" ".join(w) or "parindex" for w in COMMANDS])
def test_every_option_and_command_is_explained_in_vietnamese(words: tuple[str, ...]) -> None:
    parser = dict(_commands(_parser()))[words]
    assert parser.description and VIETNAMESE.search(parser.description), f"{words}: no Vietnamese description"
    for action in parser._actions:
        name = "/".join(action.option_strings) or str(action.metavar or action.dest)
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:  # the one-line help of each command in the list
                assert choice.help and VIETNAMESE.search(choice.help), f"{words} {choice.dest}: no Vietnamese help"
        assert action.help and VIETNAMESE.search(action.help), f"{words} {name}: no Vietnamese help"
        takes_values = action.nargs != 0 and not isinstance(action, argparse._VersionAction | argparse._HelpAction)
        if takes_values and action.choices is None:
            # without a metavar argparse shows the English name of the variable (CRITERIA, units, folder)
            assert action.metavar is not None, f"{words} {name}: no metavar, argparse would show '{action.dest}'"
            assert not re.fullmatch(r"[a-z_]+|[A-Z_]+", str(action.metavar)), f"{words} {name}: {action.metavar}"


@pytest.mark.parametrize(("argv", "said"), [
    (["score", "--criteria", "so.yaml"], "thiếu đối số bắt buộc: ĐƠN_VỊ"),
    (["rank", "--bogus"], "không hiểu đối số: --bogus"),
    (["rank", "--format", "xml"], "đối số --format: 'xml' không phải lựa chọn hợp lệ; chọn một trong: 'table',"),
    (["rank", "--criteria"], "đối số --criteria: cần một giá trị"),
    (["rank", "--s", "x"], "tùy chọn --s chưa rõ, có thể là --skip-invalid, --survey"),
    (["rank", "--skip-invalid=1"], "đối số --skip-invalid: tùy chọn này không nhận giá trị (nhận '1')"),
    (["campaign", "init", "d", "--set", "so=a.yaml", "--year", "hai"], "đối số --year: 'hai' không phải số nguyên"),
    (["appraise", "d", "--round", "3"], "đối số --round: 3 không phải lựa chọn hợp lệ; chọn một trong: 1, 2"),
    (["campaign"], "thiếu đối số bắt buộc: BƯỚC"),
    (["xep-hang"], "đối số LỆNH: 'xep-hang' không phải lựa chọn hợp lệ; chọn một trong: 'check'"),
    ([], "thiếu đối số bắt buộc: LỆNH"),
], ids=["missing", "unknown", "choice", "no-value", "ambiguous", "explicit", "type", "int-choice", "no-step",
        "no-command", "nothing"])
def test_wrong_usage_is_said_in_vietnamese(argv: list[str], said: str) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    usage, message = err.rstrip("\n").split("\nparindex: lỗi cách dùng: ")
    assert usage.startswith("cách dùng: parindex")
    assert message.startswith(said), message
    assert not ARGPARSE_ENGLISH.search(err), ARGPARSE_ENGLISH.search(err)


def test_argparse_is_english_again_outside_the_command_line() -> None:
    """The Vietnamese words are lent to argparse only while a parindex parser works."""
    run("rank", "--help")
    plain = argparse.ArgumentParser(prog="other")
    assert plain.format_usage().startswith("usage: other")
    assert "show this help message and exit" in plain.format_help()


@pytest.mark.parametrize("argv", [
    ("rank", "--criteria", "criteria/2026/so.yaml", "sample_units/cohort-2026/so", "--format", "csv",
     "--output", "x.xlsx"),
    ("rank", "--campaign", "examples/chien-dich-2025", "--criteria", "criteria/2026/so.yaml"),
])
def test_a_usage_error_shows_the_usage_of_its_command(argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    assert err.startswith("cách dùng: parindex rank "), err
