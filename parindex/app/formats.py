"""Which format a command writes, decided before any work: `--format` as given, else the suffix of
`--output` (`xep-hang.xlsx` → xlsx), else the plain table.

- A suffix that contradicts an explicit `--format` (`--format csv --output ket-qua.xlsx`) is a
  usage error: nothing is read, nothing is written. A `.txt` file takes any text format.
- A suffix of a format parindex does not write (`.xls`, `.pdf`, `.ods`, …) is refused with what to
  use instead; so is the suffix of a format the command does not write (`campaign status --output
  a.xlsx`). An unknown suffix (or none, or `.yaml` for a report: a unit file's name, which the
  output checks refuse to overwrite) keeps the default, the text table.
- A spreadsheet or a document (a binary format) is not shown on a terminal: it needs `--output`
  (or a redirection, `> xep-hang.xlsx`).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from parindex.core.errors import ParindexError
from parindex.reports.registry import registry

DEFAULT = "table"
# The format a suffix of --output names.
SUFFIXES = {
    ".xlsx": "xlsx", ".docx": "docx", ".html": "html", ".htm": "html", ".csv": "csv", ".json": "json",
    ".md": "markdown", ".txt": "table", ".yaml": "yaml", ".yml": "yaml",
}
# The suffix a format is written with (what to rename the output to).
SUFFIX_OF = {"xlsx": ".xlsx", "docx": ".docx", "html": ".html", "csv": ".csv", "json": ".json", "markdown": ".md",
             "table": ".txt", "yaml": ".yaml"}
# Suffixes of files parindex does not write, and what it writes instead.
NOT_WRITTEN = {".xls": ".xlsx", ".xlsm": ".xlsx", ".ods": ".xlsx", ".doc": ".docx", ".odt": ".docx",
               ".rtf": ".docx", ".pdf": ".docx hoặc .html (rồi in ra PDF)"}
INPUT_SUFFIXES = {".yaml", ".yml"}  # files parindex reads; a format only for `template`
TEXT_ANY = ".txt"  # a plain-text file: any text format may be written to it
ALIASES = {"text": "table"}  # `delta --format text` is the table


class FormatChoiceError(ParindexError):
    """--format and --output do not agree, or a binary format would go to a terminal."""


def binary_formats() -> frozenset[str]:
    """The formats written as bytes (a spreadsheet, a document)."""
    return frozenset(name for name, writer in registry().items() if writer.binary) | {"xlsx", "docx"}


def choose_format(given: str | None, output: Path | None, offered: Sequence[str], *, terminal: bool = False,
                  default: str = DEFAULT, binary: Collection[str] | None = None) -> str:
    """The format to write: `given` (an alias resolved), else the one `output`'s suffix names, else
    `default`. Raises FormatChoiceError (a Vietnamese line) when they contradict each other, when the
    suffix names a format this command does not write (`offered`), or when a binary format would be
    written to a terminal (`terminal`: the output is a terminal and there is no `output`)."""
    binary = binary_formats() if binary is None else binary
    suffix = output.suffix.lower() if output is not None else ""
    inferred = SUFFIXES.get(suffix)
    name = output.name if output is not None else ""
    if suffix in NOT_WRITTEN:
        raise FormatChoiceError(f"parindex không ghi tệp {suffix} ('{name}'); hãy đặt tên tệp kết quả với đuôi "
                                f"{NOT_WRITTEN[suffix]}")
    if inferred is not None and inferred not in offered and suffix in INPUT_SUFFIXES:
        inferred = None  # a unit file's name: no format of this command (writing over an input is refused later)
    if given is not None:
        chosen = ALIASES.get(given, given)
        text_file = suffix == TEXT_ANY and chosen not in binary
        if inferred is not None and inferred != chosen and not text_file:
            raise FormatChoiceError(
                f"--format {given} không khớp với tệp kết quả '{name}' (đuôi {suffix} là định dạng {inferred}); "
                f"hãy bỏ --format để ghi {inferred}, hoặc đặt tên tệp đuôi {SUFFIX_OF.get(chosen, '.' + chosen)}")
    elif inferred is not None:
        if inferred not in offered:
            raise FormatChoiceError(f"lệnh này không ghi được định dạng {inferred} (đuôi {suffix} của '{name}'); "
                                    f"các định dạng ghi được: {', '.join(offered)}")
        chosen = inferred
    else:
        chosen = default
    if output is None and terminal and chosen in binary:
        raise FormatChoiceError(f"định dạng {chosen} là tệp {_kind(chosen)}, không hiện được trên màn hình; hãy thêm "
                                f"--output TỆP{SUFFIX_OF.get(chosen, '.' + chosen)}, ví dụ --output "
                                f"ket-qua{SUFFIX_OF.get(chosen, '.' + chosen)}")
    return chosen


def _kind(fmt: str) -> str:
    return {"xlsx": "Excel", "docx": "Word"}.get(fmt, "nhị phân")
