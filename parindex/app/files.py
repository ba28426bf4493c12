"""Which unit files a command names: folders expanded (sub-folders too, each sorted), special
files refused without reading, other files skipped with a warning naming each (never silently),
missing paths fatal. Unit files are YAML (.yaml, .yml) and workbooks (.xlsx, .xlsm: filled forms
and many-units workbooks, read by intake.xlsx)."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, Problem, Severity
from parindex.core.text import shorten

UNIT_SUFFIXES = (".yaml", ".yml", ".xlsx", ".xlsm")
LOCK_PREFIX = "~$"  # the lock file Excel leaves beside a workbook it has open: not a unit file
# Sub-folders of a units folder are searched this many levels deep, no deeper (real folders use
# two or three: province / district / unit).
MAX_FOLDER_DEPTH = 32


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
                found.fatal.append(Problem(str(path), None, None, "thư mục không có tệp số liệu .yaml hay .xlsx nào",
                                           code=Code.FILE_EMPTY_FOLDER))
        elif path.exists() or path.is_symlink():
            found.files.append(path)
        else:
            found.fatal.append(Problem(str(path), None, None,
                                       "không tìm thấy tệp hoặc thư mục; hãy kiểm tra đường dẫn",
                                       code=Code.FILE_NOT_FOUND))
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
            if identity.st_ino:  # 0: a file system without folder numbers (a network drive): depth limit only
                seen.add((identity.st_dev, identity.st_ino))
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            found.fatal.append(Problem(str(folder), None, None, f"không đọc được thư mục ({exc.strerror}); "
                                       "hãy kiểm tra quyền truy cập", code=Code.FILE_FOLDER_UNREADABLE))
            continue
        for entry in entries:
            path = Path(entry.path)
            kind = _entry_kind(entry)
            if kind == "folder":
                if depth >= MAX_FOLDER_DEPTH:
                    found.fatal.append(Problem(str(root), None, None, _too_deep(root, path),
                                               code=Code.FILE_FOLDER_TOO_DEEP))
                    continue
                stack.append((path, depth + 1))
            elif path.suffix.lower() not in UNIT_SUFFIXES or entry.name.startswith(LOCK_PREFIX):
                what = ("là tệp khóa Excel tạo khi bảng tính đang mở" if entry.name.startswith(LOCK_PREFIX)
                        else "không phải tệp số liệu .yaml hay .xlsx")
                found.skipped.append(Problem(str(path), None, None, f"tệp '{shorten(entry.name)}' {what}; bỏ qua",
                                             code=Code.FILE_SKIPPED, severity=Severity.WARNING))
            elif kind == "file":
                files.append(path)
            else:
                found.refused.append(Problem(str(path), None, None, _not_a_file(path), code=Code.FILE_NOT_A_FILE))
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
            "hãy thay bằng tệp .yaml (.xlsx) thật hoặc xóa khỏi thư mục")
