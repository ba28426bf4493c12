"""Provenance of an output: the engine version and the SHA-256 of every file a run read, so that a
published ranking can be reproduced and checked (docs/json-output.md, *provenance*).

`provenance(criteria_files, input_files)` hashes the files as they are on disk now; a file that
cannot be read any more is a located problem (the run writes nothing). Paths are kept as given
(or relative to a campaign folder, with `root`), in the order given, each once. Nothing here
depends on the time or the machine: two runs over the same files give the same provenance.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from parindex import __version__
from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem

ENGINE = f"parindex {__version__}"
# Hashes in a table footer are shortened to this many hex digits (JSON keeps them whole).
SHOWN_DIGITS = 8


@dataclass(frozen=True, slots=True)
class FileHash:
    """One file read: its path as shown, and the SHA-256 of its bytes (64 lowercase hex digits)."""

    path: str
    sha256: str


@dataclass(frozen=True, slots=True)
class Provenance:
    """What an output was made from: the engine, the criteria files and the input files."""

    engine: str
    criteria: tuple[FileHash, ...]
    inputs: tuple[FileHash, ...]

    @property
    def combined(self) -> str:
        """One hash for all the input files: SHA-256 of their sorted lines "sha256  path\\n" (the
        lines `sha256sum` prints), so that the footer of a table names them all in 64 digits."""
        return combined_sha256(self.inputs)

    def footer(self) -> str:
        """The line under a table: `Nguồn: parindex 0.1.0 · bộ tiêu chí so.yaml sha256 1a2b3c4d… ·
        12 tệp đầu vào, sha256 tổng hợp 9f8e7d6c…`."""
        sets = ", ".join(f"{_name(f.path)} sha256 {f.sha256[:SHOWN_DIGITS]}…" for f in self.criteria)
        parts = [self.engine]
        if sets:
            parts.append(f"bộ tiêu chí {sets}")
        parts.append(f"{len(self.inputs)} tệp đầu vào, sha256 tổng hợp {self.combined[:SHOWN_DIGITS]}…")
        return "Nguồn: " + " · ".join(parts)


def combined_sha256(files: Iterable[FileHash]) -> str:
    lines = sorted(f"{f.sha256}  {f.path}\n" for f in files)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def provenance(criteria: Iterable[Path | str], inputs: Iterable[Path | str], root: Path | None = None,
               engine: str = ENGINE) -> Provenance:
    """The provenance of a run that read `criteria` (criteria files) and `inputs` (unit files; for a
    campaign also campaign.yaml, round files and survey sheets). With `root` (a campaign folder),
    paths are shown relative to it (`tu-danh-gia/so-tu-phap.yaml`, `../criteria/so.yaml`); else
    as given. Raises InputProblems when a file cannot be read again."""
    problems: list[Problem] = []
    hashed = (_hash_all(criteria, root, problems), _hash_all(inputs, root, problems))
    if problems:
        raise InputProblems(problems)
    return Provenance(engine, *hashed)


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file's bytes (raises OSError)."""
    with open(path, "rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def shown_path(path: Path | str, root: Path | None = None) -> str:
    """A path as provenance shows it: as given, or relative to `root` (when on the same drive);
    always with '/'."""
    try:
        text = os.path.relpath(path, root) if root is not None else os.fspath(path)
    except ValueError:  # another drive than the root's (Windows): as given
        text = os.fspath(path)
    return Path(text).as_posix()


def _hash_all(paths: Iterable[Path | str], root: Path | None, problems: list[Problem]) -> tuple[FileHash, ...]:
    found: dict[str, FileHash] = {}
    for path in paths:
        shown = shown_path(path, root)
        if shown in found:
            continue
        try:
            found[shown] = FileHash(shown, file_sha256(path))
        except OSError as exc:
            problems.append(Problem(os.fspath(path), None, None,
                                    f"không đọc lại được tệp để tính mã băm sha256 ({exc.strerror or exc}); "
                                    "không có kết quả nào được ghi", code=Code.FILE_UNREADABLE))
    return tuple(found.values())


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]
