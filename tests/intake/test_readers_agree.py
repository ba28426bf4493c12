"""The differential proof: the line reader, the event builder and the reference composer give the
same Document (data and its types, positions, scalars, problems, last line) or the same problems,
for every YAML file of the repository, for chosen hard cases and for generated unit files."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parindex.core.errors import InputProblems
from parindex.intake import yamlfile

from .readers import assert_agree, chosen, events, reference

ROOT = Path(__file__).resolve().parent.parent.parent
REPOSITORY_FILES = sorted(
    path for folder in ("criteria", "sample_units", "docs", "tests") for path in (ROOT / folder).rglob("*.yaml")
)


def _text(path: Path) -> str | None:
    try:
        return yamlfile.read_text(path)
    except InputProblems:
        return None


@pytest.mark.parametrize("path", REPOSITORY_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_of_the_repository(path: Path) -> None:
    text = _text(path)
    if text is None:
        pytest.skip("not UTF-8: refused before any reader")
    assert_agree(text)


def test_the_fast_readers_are_the_ones_used() -> None:
    """Every unit file shipped is flat: the line reader takes it; every criteria set is read by
    the event builder, never by the reference."""
    units = [p for p in REPOSITORY_FILES if "sample_units" in p.parts] + [ROOT / "docs/examples/unit-a.yaml"]
    assert len(units) > 60
    for path in units:
        _, _, by_lines = assert_agree(yamlfile.read_text(path))
        assert by_lines is not None, path
    for path in [*sorted((ROOT / "criteria").rglob("*.yaml")), ROOT / "docs/examples/all-rules.yaml"]:
        _, by_events, by_lines = assert_agree(yamlfile.read_text(path))
        assert by_lines is None and by_events is not None, path


# (text, the reader that must take it: "lines", "events" or "reference")
HARD_CASES = [
    ("a: 1\nb: 'x'\nc: \"y\"\n", "lines"),
    ("a: 1\nindicators:\n  x: 1.50\n  y: -3\n  z: 1_000\n", "lines"),
    ("a: yes\nb: No\nc: ~\nd: null\ne: 2025-01-01\nf: 12:30\ng: 0x1F\nh: 0o17\ni: 1e3\nj: .5\nk: -.inf\nl: .NaN\n",
     "lines"),
    ("a: TRUE\nb: False\nc: 00012\nd: +5\ne: 1.\nf: 0b101\ng: '007'\n", "lines"),
    ("a: x #c\nb: x#c\nc: 'q' # c\nd: \"it's\"\ne: don't\nf: [a\n", "reference"),
    ("a: x #c\nb: x#c\nc: 'q' # c\nd: \"it's\"\ne: don't\n", "lines"),
    ("# chú thích\n\nunit_name: Sở Mẫu A (hư cấu)\nperiod: Năm 2025   \n", "lines"),
    ("a: So\u0300\n", "lines"),  # NFD: the line reader gives NFC too
    ("a: =\n", "events"),  # YAML 1.1 'value' tag: refused
    ("a: 1\n<<: {b: 2}\n", "events"),
    ("a: 1\nb: !!binary aGk=\nc: !!str 5\nd: !!int '7'\ne: !foo {x: 1}\nf: !!python/name:os.system\n", "events"),
    ("a: ! 12\n", "reference"),
    ("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n  c: 3\n", "events"),
    ("a: [1, 2, {b: c}]\nd: {e: [f, g]}\n", "events"),
    ("? [a]\n: 1\n? {b: 1}\n: [2, 3]\nc: 4\n", "events"),
    ("a: |\n  line\n  two\nb: >-\n  folded\n  text\n", "events"),
    ("a: |2+ # c\n   x\nb: >1-\n  y\n", "events"),
    ("a: |#x\n  y\n", "reference"),
    ("a: |0\n  y\n", "reference"),
    ("a: \"\\u202e\\x1b\"\nb: \"\\t\\n\"\n\"\\u200f\": 1\n", "events"),
    ("a: \"\\ud800\"\n", "reference"),
    ("a: &x 1\nb: *x\n", "reference"),
    ("a: *x\n", "reference"),
    ("a: &x 1\nb: &x 2\n", "reference"),
    ("base: &b {k: 1}\nmore:\n  <<: *b\n", "reference"),
    ("a: 1\n---\nb: 2\n", "reference"),
    ("%YAML 1.1\n---\na: 1\n", "reference"),
    ("- a\n- b\n", "events"),
    ("chỉ một dòng\n", "events"),
    ("---\n", "events"),
    ("", "events"),
    ("# only\n", "events"),
    ("a:\n", "events"),
    ("a:\n  - 1\n  - 2\n", "events"),
    ("a: 1\n  b: 2\n", "reference"),
    ("a: b: c\n", "reference"),
    ("a:\tb\n", "reference"),
    ("a: 'x\ty'\n", "reference"),
    ("\ta: 1\n", "reference"),
    ("a: 'open\nb: 2\n", "reference"),
    ("a: 1\r\nb: 'x'\r\n", "events"),
    ("a: x\u00a0y\nb: \u2028\n", "events"),
    ("a: \x00\n", "reference"),
    ("a: \x85\n", "events"),
    ("a: [[[[[[1]]]]]]\n", "events"),
    ("k" * 2000 + ": 1\n", "reference"),
    ("a: " + "9" * 5000 + "\n", "lines"),
    ("a: 1\nindicators:\nb: 2\n", "events"),
    ("a: 1\nindicators: # chú thích\n\n  # một dòng\n  x: 1\n", "lines"),
    ("indicators:\n  x: 1\n    y: 2\n", "reference"),
    ("a: 1\n  # indented comment\nb: -x\n", "events"),
    ("a: 1\nb: -\n", "reference"),
    ("a: -1\nb: -.5\nc: '-'\n", "lines"),
    ("a: \"with \\\" escape\"\n", "events"),
    ("a: 'it''s'\n", "events"),
]


@pytest.mark.parametrize(("text", "reader"), HARD_CASES, ids=[repr(t[:30]) for t, _ in HARD_CASES])
def test_hard_cases(text: str, reader: str) -> None:
    expected, by_events, by_lines = assert_agree(text)
    taken = "lines" if by_lines is not None else "events" if by_events is not None else "reference"
    assert taken == reader, expected


# More texts where libyaml and pyyaml could part ways: whichever reader takes them, they agree.
MORE_CASES = [
    "a: x\ufeffy\n", "\ufeffa: 1\n", "a:\n\ufeff  b: 1\n",
    "So\u0300: 1\nS\u00f2: 2\n", "a\u202e: 1\na\u202d: 2\n",
    'a: "\\/ \\N \\_ \\L \\P \\e \\x41 \\U0001F600 \\0 \\a \\v \\ "\n', 'a: "\\x4"\n', 'a: "\\q"\n',
    'a: "x\\\n  y"\n', "a: 'x\n\n  y  \n  z'\n", "a: x\n  y\n\n  z\n", "a: x\r\n  y\r\n",
    "a: 1\n...\nb: 2\n", "a: 1\n...\n", "? a\n", ": 1\n", "? a\n: 1\n? b\n", "a: 'x'#c\n", 'a: "x"#c\n',
    "a: !<tag:yaml.org,2002:str> 5\n", "a: !<!foo> 5\n", "a: !! x\n", "a: !e!x 1\n",
    "%TAG !e! tag:e.org,2000:\n---\na: !e!x 1\n",
    "a: [a:b, c: d, {e: f}: g]\n", "a: {a:1}\n", "a: [1,]\n", "a: {b, c: }\n", "[a, b]: 1\n",
    "a: - b\n", "- - - a\n", "-\n-\n", "- a: 1\n  b: 2\n- c\n", "a:\n- 1\n- 2\nb: 3\n",
    "a: 1 # c\n# d\n  # e\nb: 2\n", "a:    \n  b: 1\n", "a: b\n c\n", "a: 'b'\n c\n",
    "a: 1\n\x85b: 2\n", "a: 1\u2028b: 2\n", "a: \"\u2028\"\n",
    "a: |\n  x\n\n\n", "a: >+\n  x\n\n", "a: |\n\n  x\n", "a: |\n    x\n  y\n", "- |\n x\n",
    "&a a: 1\n", "a: &a\n  b: 1\n", "a: !!map {b: 1}\nc: !!seq [1]\nd: !!str {e: 1}\n", "a: !!null x\n",
    "a: !!bool yes\nb: !!int 0x10\nc: !!float 1\nd: !!timestamp 2025-01-01\n", "<<: 1\n", "a:\n  <<: 1\n",
    "'<<': 1\n", "a: <<\n", "x: " + "[" * 70 + "]" * 70 + "\n",
]


@pytest.mark.parametrize("text", MORE_CASES, ids=[repr(t[:30]) for t in MORE_CASES])
def test_more_cases(text: str) -> None:
    assert_agree(text)
    assert_agree(text.replace("\n", "\r\n"))
    assert_agree(text.rstrip("\n"))


def test_without_libyaml_the_reference_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml, "__with_libyaml__", False)
    for text, _ in HARD_CASES:
        assert chosen(text) == reference(text)


@pytest.mark.parametrize("text", ["a: 1\nb:\n  c: [1, 2]\n", "a: 1\nb: 2\nc:\n  d: 3\n", "- [1, [2, [3]]]\n"])
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
@pytest.mark.parametrize("nodes", [1, 2, 3, 4, 5, 6])
def test_limits_around_small_files(text: str, depth: int, nodes: int) -> None:
    assert_agree(text, depth, nodes)


# -- generated unit files ---------------------------------------------------------------------

KEYS = st.sampled_from(["unit_id", "period", "a", "b", "indicators", "x_1", "true", "null", "<<", "k k", "k:"])
PLAIN = st.sampled_from([
    "1", "0", "-3", "+7", "007", "1_000", "0x1F", "0o17", "0b11", "1.5", "100.0", ".5", "1e3", "1.0e+3", "-.inf",
    ".NaN", "true", "False", "yes", "off", "~", "null", "NULL", "2025-01-01", "2025-01-01 10:00:00", "12:30",
    "=", "<<", "Năm 2025", "Sở Mẫu (hư cấu)", "a b  c", "x#y", "a:b", "a, b", "[1]", "{a: 1}", "-", "- x",
    "&x 1", "*x", "!!int 3", "! 3", "|", ">", "%x", "@x", "`x", "?x", ":x", "'", "\"", "#c", "9" * 40,
])
QUOTED = st.builds(
    lambda quote, body: quote + body + quote,
    st.sampled_from(["'", '"']),
    st.lists(st.sampled_from([*"ab1 .:#'\"\\-", "ơ", "o\u0300", "\u202e", "\u00a0"]), max_size=6).map("".join),
)
VALUE = st.one_of(PLAIN, QUOTED, st.text(max_size=5))
COMMENT = st.sampled_from(["", "", " # ghi chú", "  #x", "#x", " #"])
SPACES = st.sampled_from(["", "", "", " ", "  ", "   ", "    ", "\t"])
SEPARATOR = st.sampled_from([": ", ": ", ":  ", ":", " : ", ":\t"])
ENDING = st.sampled_from(["\n", "\n", "\n", "\r\n"])


@st.composite
def unit_line(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["entry", "entry", "entry", "nested", "nested", "block", "comment", "blank", "odd"]))
    if kind == "comment":
        return draw(SPACES) + "#" + draw(st.text(max_size=5))
    if kind == "blank":
        return draw(SPACES)
    if kind == "odd":
        return draw(st.sampled_from(["---", "...", "- a", "%YAML 1.1", "  - 1", "a", "{", "a: |", "  text"]))
    indent = "  " if kind == "nested" else draw(SPACES) if draw(st.booleans()) and kind != "block" else ""
    if kind == "block":
        return draw(KEYS) + ":" + draw(COMMENT)
    return indent + draw(KEYS) + draw(SEPARATOR) + draw(VALUE) + draw(COMMENT)


@settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(unit_line(), min_size=0, max_size=12), ENDING, st.booleans())
def test_generated_unit_files(body: list[str], ending: str, final_newline: bool) -> None:
    text = ending.join(body) + (ending if final_newline else "")
    assert_agree(text)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from([*list("ab: -?[]{},#&*!|>'\"\n\t1."), "ơ"]), max_size=12),
                max_size=6))
def test_generated_yaml_noise(pieces: list[str]) -> None:
    assert_agree("\n".join(pieces))


@given(st.text(max_size=12))
def test_plain_values_resolve_as_pyyaml_does(text: str) -> None:
    resolver = yaml.resolver.Resolver()
    expected = resolver.resolve(yaml.ScalarNode, text, (True, False))
    assert yamlfile.resolve_plain(text) == expected


def test_events_are_not_used_for_a_control_character() -> None:
    assert events("a: 1\nb: \x01\n") is None  # the reference names it, wherever it is
