"""A re-scoring mapping: how last year's unit files are read under this year's set
(`parindex rescore --criteria NEW --mapping MAP.yaml UNITS…`, docs/rescore.md).

```yaml
from: ../2025/so.yaml            # last year's set (optional; relative to this file): checks the names
indicators:                      # renamed indicators: last year's name → this year's (or several)
  ty_le_giai_ngan: ty_le_giai_ngan_von_dau_tu_cong
  bien_che_su_dung: [bien_che_su_dung, cong_chuc_danh_gia]
dropped: [so_cuoc_hop_cchc]      # last year's indicators with no counterpart this year
codes:                           # moved node codes (points and evidence of judged leaves): old → new
  "5.3.2": "5.1.3"
defaults:                        # values for this year's new indicators that last year's files lack
  diem_bo_chi_so_766: 0
```

Every name is checked against the sets (a rename to an indicator this year's set does not have is
refused with the mapping file's line). Then each unit file is read as it is, its indicators renamed
or dropped, the defaults added, and the result checked against this year's set as any unit file:
problems keep the unit file's lines. What the mapping does not account for is listed as warnings:
each indicator of last year's files that is neither this year's nor mapped (at its first file and
line), and each of this year's indicators that no file gives a value (at the mapping file).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from parindex.core.codes import Code
from parindex.core.document import Document, Path_
from parindex.core.errors import InputProblems, Problem, Severity, has_errors
from parindex.core.text import did_you_mean, shorten
from parindex.criteria.compiler import CompiledSet
from parindex.intake.keys import Codes, Keys
from parindex.intake.sets import load_criteria
from parindex.intake.units import indicator_value
from parindex.intake.yamlfile import load_yaml

_Place = TypeVar("_Place")
FIELDS = ("from", "indicators", "dropped", "codes", "defaults", "note")
CODES = Codes(Code.MAPPING_UNKNOWN_FIELD, Code.MAPPING_UNKNOWN_FIELD, Code.MAPPING_WRONG_TYPE,
              Code.MAPPING_BAD_VALUE)
MISSING_WORDS = {"error": "đơn vị sẽ bị từ chối (chỉ số bắt buộc)", "no_data": "mục dùng chỉ số này được 0 điểm",
                 "not_applicable": "mục dùng chỉ số này không phát sinh"}


@dataclass
class _Seen:
    """An indicator or code of last year's files that nothing maps: where it was first met."""

    file: str
    line: int | None
    col: int | None
    files: int = 1


@dataclass
class Mapping:
    """A checked mapping, and what applying it met (for the warnings at the end of a run)."""

    path: Path
    doc: Document
    renamed: dict[str, tuple[str, ...]]  # last year's name → this year's name(s)
    dropped: set[str]
    codes: dict[str, str]
    defaults: dict[str, Any]  # checked and converted values
    old: CompiledSet | None = None
    unmapped: dict[str, _Seen] = field(default_factory=dict)
    given: dict[str, int] = field(default_factory=dict)  # this year's indicator → files giving it
    files: int = 0

    # -- one unit file ------------------------------------------------------------------------
    def apply(self, doc: Document, criteria: CompiledSet) -> Document:
        """Last year's unit document as a unit file of this year's set (same places)."""
        self.files += 1
        data = doc.data
        if not isinstance(data, dict):
            return doc  # the unit reader says what is wrong with it
        problems: list[Problem] = list(doc.problems)
        moves: list[tuple[Path_, Path_]] = []
        result: dict[Any, Any] = {}
        for key, value in data.items():
            if key == "criteria":
                continue  # last year's set id: this file is now read under this year's set
            if key == "indicators" and isinstance(value, dict):
                result[key] = self._indicators(doc, value, criteria, moves, problems)
            elif key in ("points", "evidence") and isinstance(value, dict):
                result[key] = self._codes(doc, key, value, criteria, moves)
            else:
                result[key] = value
        return Document(doc.path, result, _moved(doc.positions, moves), _moved(doc.scalars, moves), doc.last_line,
                        problems, cells=_moved(doc.cells, moves), part=doc.part)

    def _indicators(self, doc: Document, given: dict[Any, Any], criteria: CompiledSet,
                    moves: list[tuple[Path_, Path_]], problems: list[Problem]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        renamed_here: dict[str, Any] = {}
        for name, value in given.items():
            if not isinstance(name, str):
                out[name] = value
                continue
            targets = self.renamed.get(name)
            if targets is not None:
                for target in targets:
                    if target != name and target in given:
                        message = (f"tệp có cả '{name}' và '{target}', mà tệp ánh xạ đổi '{name}' thành '{target}'; "
                                   "hãy giữ một trong hai")
                        problems.append(doc.problem(("indicators", name), message, code=Code.MAPPING_CONFLICT))
                        continue
                    renamed_here[target] = value
                    moves.append((("indicators", name), ("indicators", target)))
            elif name in self.dropped:
                continue
            elif name in criteria.indicators:
                out[name] = value
            else:
                self._unmapped(doc, ("indicators", name), name)
        out.update(renamed_here)
        for name, value in self.defaults.items():
            if name not in out:
                out[name] = value
        for name in out:
            if isinstance(name, str) and name in criteria.indicators and out[name] is not None:
                self.given[name] = self.given.get(name, 0) + 1
        return out

    def _codes(self, doc: Document, key: str, given: dict[Any, Any], criteria: CompiledSet,
               moves: list[tuple[Path_, Path_]]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for code, value in given.items():
            text = code if isinstance(code, str) else str(code)
            target = self.codes.get(text)
            if target is not None:
                out[target] = value
                moves.append(((key, code), (key, target)))
            elif text in criteria.nodes_by_code or (key == "evidence" and text in criteria.indicators):
                out[code] = value
            elif key == "evidence" and text in self.renamed:
                out[self.renamed[text][0]] = value
                moves.append(((key, code), (key, self.renamed[text][0])))
            elif not (key == "evidence" and text in self.dropped):
                self._unmapped(doc, (key, code), f"{key}.{text}")
        return out

    def _unmapped(self, doc: Document, loc: Path_, name: str) -> None:
        seen = self.unmapped.get(name)
        if seen is None:
            self.unmapped[name] = _Seen(doc.path, *doc.where(loc))
        else:
            seen.files += 1

    # -- at the end of a run --------------------------------------------------------------------
    def warnings(self, criteria: CompiledSet) -> list[Problem]:
        """What the mapping did not account for: last year's names nothing maps (at their first file
        and line), and this year's indicators without a value in some files (at the mapping file)."""
        found: list[Problem] = []
        for name, seen in self.unmapped.items():
            code, _, key = name.partition(".") if name.startswith(("points.", "evidence.")) else ("", "", name)
            what = f"mục '{key}' (trong '{code}')" if code else f"chỉ số '{name}'"
            others = f" (và {seen.files - 1} tệp khác)" if seen.files > 1 else ""
            found.append(Problem(seen.file, seen.line, seen.col,
                                 f"{what} của năm trước không có trong bộ tiêu chí '{criteria.spec.id}' và tệp ánh xạ "
                                 f"{shorten(self.path)} không nói đến; bỏ qua giá trị này{others}. Hãy ghi nó vào "
                                 f"'{'codes' if code else 'indicators'}' (đổi tên) hoặc 'dropped' (bỏ)",
                                 code=Code.MAPPING_UNMAPPED, severity=Severity.WARNING, field=name))
        if self.old is not None:
            for name in self.old.indicators:
                if (name not in criteria.indicators and name not in self.renamed and name not in self.dropped
                        and name not in self.unmapped):
                    found.append(self._at(("from",), f"chỉ số '{name}' ({self.old.indicators[name].label}) của "
                                                     f"bộ năm trước không có trong bộ năm nay và không được ánh xạ "
                                                     "('indicators') hay bỏ ('dropped')", Code.MAPPING_UNMAPPED, name))
        if self.files:
            for name, spec in criteria.indicators.items():
                count = self.given.get(name, 0)
                if count < self.files and spec.source != "system":  # system data never comes from a unit file
                    lacking = "tệp nào" if count == 0 else f"{self.files - count}/{self.files} tệp"
                    found.append(self._at(
                        ("defaults",) if "defaults" in self.doc.data else (),
                        f"chỉ số '{name}' ({spec.label}) của bộ năm nay không có giá trị trong {lacking} năm trước: "
                        f"{MISSING_WORDS.get(spec.missing, spec.missing)}; ghi giá trị vào 'defaults' của tệp ánh "
                        "xạ hoặc ánh xạ một chỉ số cũ sang nó", Code.MAPPING_NO_VALUE, name))
        return found

    def _at(self, loc: Path_, message: str, code: Code, name: str) -> Problem:
        line, col = self.doc.where(loc)
        return Problem(self.doc.path, line, col, message, code=code, severity=Severity.WARNING, field=name)


def _moved(places: dict[Path_, _Place], moves: list[tuple[Path_, Path_]]) -> dict[Path_, _Place]:
    """A document's places with each moved value (a renamed indicator) also at its new key (the old
    key's places stay: they name no value any more, and are never asked for)."""
    moved = dict(places)
    for source, target in moves:
        for place in [p for p in places if p[:len(source)] == source]:
            moved[(*target, *place[len(source):])] = places[place]
    return moved


def load_mapping(path: Path, criteria: CompiledSet) -> Mapping:
    """Read and check a mapping against this year's set (and last year's, when `from` names it);
    raise InputProblems with every problem."""
    doc = load_yaml(path)
    problems: list[Problem] = []
    keys = Keys(doc, problems, CODES)
    data = keys.mapping((), doc.data if doc.data is not None else {}, FIELDS, what="tệp ánh xạ")
    if data is None:
        raise InputProblems(problems)
    old = _old_set(keys, path, data, problems)
    renamed = _renamed(keys, data, criteria, old)
    dropped = _dropped(keys, data, old, renamed)
    codes = _moved_codes(keys, data, criteria, old)
    defaults = _defaults(keys, data, criteria, renamed)
    if has_errors(problems):
        raise InputProblems(problems)
    return Mapping(path, doc, renamed, dropped, codes, defaults, old)


def _old_set(keys: Keys, path: Path, data: dict[str, Any], problems: list[Problem]) -> CompiledSet | None:
    if "from" not in data:
        return None
    written = keys.text(("from",), data["from"], "from")
    if written is None:
        return None
    old_path = path.parent / written
    if not old_path.is_file():
        keys.error(("from",), f"không tìm thấy bộ tiêu chí năm trước '{shorten(written)}' (đường dẫn tính từ thư mục "
                              f"của tệp ánh xạ: {shorten(os.path.normpath(old_path))})", Code.MAPPING_FILE_NOT_FOUND)
        return None
    try:
        return load_criteria(old_path)
    except InputProblems as exc:
        problems.extend(exc.problems)
        return None


def _unknown_indicator(keys: Keys, loc: Path_, name: str, criteria: CompiledSet, which: str) -> None:
    keys.error(loc, f"chỉ số '{shorten(name)}' không có trong bộ tiêu chí {which} '{criteria.spec.id}'"
               + did_you_mean(name, list(criteria.indicators)), Code.MAPPING_UNKNOWN_INDICATOR)


def _system(keys: Keys, loc: Path_, name: str, criteria: CompiledSet) -> bool:
    """Whether `name` is one of this year's system indicators (refused: they never come from a unit file)."""
    spec = criteria.indicators.get(name)
    if spec is None or spec.source != "system":
        return False
    keys.error(loc, f"'{name}' là chỉ số số liệu hệ thống ({spec.label}): Sở Nội vụ nạp bằng --system-data, không "
                    "lấy từ tệp đơn vị năm trước", Code.MAPPING_CONFLICT)
    return True


def _renamed(keys: Keys, data: dict[str, Any], criteria: CompiledSet,
             old: CompiledSet | None) -> dict[str, tuple[str, ...]]:
    if "indicators" not in data or data["indicators"] is None:
        return {}
    table = keys.table(("indicators",), data["indicators"], "indicators")
    renamed: dict[str, tuple[str, ...]] = {}
    sources: dict[str, str] = {}  # this year's name → the old name giving it
    for source, value in table.items():
        loc: Path_ = ("indicators", source)
        if old is not None and source not in old.indicators:
            _unknown_indicator(keys, loc, source, old, "năm trước")
            continue
        written = value if isinstance(value, list) else [value]
        if not written:
            keys.error(loc, f"'indicators.{source}' cần một tên chỉ số năm nay hoặc một danh sách tên",
                       Code.MAPPING_WRONG_TYPE)
        targets: list[str] = []
        for index, item in enumerate(written):
            where: Path_ = (*loc, index) if isinstance(value, list) else loc
            target = keys.text(where, item, f"indicators.{source}")
            if target is None:
                continue
            if target not in criteria.indicators:
                _unknown_indicator(keys, where, target, criteria, "năm nay")
            elif _system(keys, where, target, criteria):
                continue
            elif target in sources:
                keys.error(where, f"'{source}' và '{sources[target]}' cùng được đổi thành '{target}'; mỗi chỉ số "
                                  "năm nay nhận giá trị của một chỉ số năm trước", Code.MAPPING_CONFLICT)
            else:
                sources[target] = source
                targets.append(target)
        if targets:
            renamed[source] = tuple(targets)
    return renamed


def _dropped(keys: Keys, data: dict[str, Any], old: CompiledSet | None,
             renamed: dict[str, tuple[str, ...]]) -> set[str]:
    if "dropped" not in data or data["dropped"] is None:
        return set()
    dropped: set[str] = set()
    for index, item in enumerate(keys.listing(("dropped",), data["dropped"], "dropped")):
        loc: Path_ = ("dropped", index)
        name = keys.text(loc, item, "dropped")
        if name is None:
            continue
        if old is not None and name not in old.indicators:
            _unknown_indicator(keys, loc, name, old, "năm trước")
        elif name in renamed:
            keys.error(loc, f"'{name}' vừa được đổi tên (indicators) vừa bị bỏ (dropped); hãy giữ một trong hai",
                       Code.MAPPING_CONFLICT)
        else:
            dropped.add(name)
    return dropped


def _moved_codes(keys: Keys, data: dict[str, Any], criteria: CompiledSet, old: CompiledSet | None) -> dict[str, str]:
    if "codes" not in data or data["codes"] is None:
        return {}
    moved: dict[str, str] = {}
    for source, value in keys.table(("codes",), data["codes"], "codes").items():
        loc: Path_ = ("codes", _written_key(data["codes"], source))
        target = keys.text(loc, value, f"codes.{source}")
        if target is None:
            continue
        if target not in criteria.nodes_by_code:
            keys.error(loc, f"mục '{shorten(target)}' không có trong bộ tiêu chí năm nay '{criteria.spec.id}'"
                            + did_you_mean(target, list(criteria.nodes_by_code)), Code.MAPPING_UNKNOWN_NODE)
        elif old is not None and source not in old.nodes_by_code:
            keys.error(loc, f"mục '{shorten(source)}' không có trong bộ tiêu chí năm trước '{old.spec.id}'"
                            + did_you_mean(source, list(old.nodes_by_code)), Code.MAPPING_UNKNOWN_NODE)
        else:
            moved[source] = target
    return moved


def _written_key(table: Any, text: str) -> Any:
    if isinstance(table, dict):
        for key in table:
            if (key if isinstance(key, str) else str(key)) == text:
                return key
    return text


def _defaults(keys: Keys, data: dict[str, Any], criteria: CompiledSet,
              renamed: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    if "defaults" not in data or data["defaults"] is None:
        return {}
    values: dict[str, Any] = {}
    for name, value in keys.table(("defaults",), data["defaults"], "defaults").items():
        loc: Path_ = ("defaults", name)
        spec = criteria.indicators.get(name)
        if spec is None:
            _unknown_indicator(keys, loc, name, criteria, "năm nay")
            continue
        if _system(keys, loc, name, criteria):
            continue
        if any(name in targets for targets in renamed.values()):
            keys.error(loc, f"'{name}' đã nhận giá trị của một chỉ số năm trước (indicators); bỏ giá trị mặc định "
                            "hoặc bỏ dòng đổi tên", Code.MAPPING_CONFLICT)
            continue
        try:
            indicator_value(name, spec, value)
        except ValueError as exc:  # BadValue, or a value of the wrong shape
            keys.error(loc, str(exc), Code.MAPPING_BAD_VALUE)
            continue
        values[name] = value  # as written: the unit reader converts it with the unit's own values
    return values
