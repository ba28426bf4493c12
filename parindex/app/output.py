"""Where a result goes: the output path checked before any work, never one of the inputs, and
written atomically (through a symbolic link, keeping the replaced file's permissions)."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path

from parindex.core.codes import Code
from parindex.core.errors import InputProblems, OutputError, Problem


def check_output_path(path: Path) -> None:
    """Refuse, before anything is read, an output in a missing folder or naming a folder."""
    target = output_target(path)
    folder = target.parent
    if not folder.is_dir():
        message = f"thư mục '{folder}' không tồn tại; hãy tạo thư mục trước hoặc chọn đường dẫn khác"
        raise InputProblems([Problem(str(path), None, None, message, code=Code.OUTPUT_NO_FOLDER)])
    if target.is_dir():
        raise InputProblems([Problem(str(path), None, None, "đường dẫn kết quả là một thư mục; hãy ghi tên tệp",
                                     code=Code.OUTPUT_IS_DIRECTORY)])


def refuse_overwriting_inputs(output: Path, inputs: list[Path]) -> None:
    """Refuse an output that is one of the inputs: the same file, whatever the path (a symbolic or
    hard link to it too). An output that does not exist yet cannot be an input."""
    try:
        written = os.stat(output)
    except OSError:
        return
    target = (written.st_dev, written.st_ino)
    for source in inputs:
        try:
            read = os.stat(source)
        except OSError:
            continue
        # a file system without file numbers (st_ino 0: some network drives on Windows): the real paths
        same = (read.st_dev, read.st_ino) == target if written.st_ino else _same_path(output, source)
        if same:
            raise InputProblems([Problem(str(output), None, None,
                                         f"tệp kết quả trùng với tệp đầu vào {source}; hãy chọn tên tệp khác",
                                         code=Code.OUTPUT_IS_INPUT)])


def _same_path(one: Path, other: Path) -> bool:
    return os.path.normcase(os.path.realpath(one)) == os.path.normcase(os.path.realpath(other))


def output_target(path: Path) -> Path:
    """The file `--output` really writes: a symbolic link is followed to its target (the link
    stays a link), a relative path is taken from the current folder."""
    return Path(os.path.realpath(path))


def write_atomically(path: Path, content: str | bytes) -> None:
    """Write `content` (text as UTF-8) to a temporary file beside the target of `path`, then move it
    into place: an interrupted or failed run leaves any earlier file untouched. A symbolic link is
    followed (its target is replaced, the link kept); the file keeps the permissions of the file it
    replaces, a new file gets the usual ones (0o666 less the umask). A target that exists but is not
    a regular file (/dev/null, a FIFO) is written directly."""
    target = output_target(path)
    try:
        existing = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        _write_directly(path, target, content)
        return
    mode = stat.S_IMODE(existing.st_mode) if existing is not None else _new_file_mode()
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:  # e.g. no permission to write in the folder
        raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_encoded(content))
            stream.flush()
            if hasattr(os, "fchmod"):  # not on Windows before Python 3.13, whose files have no such modes
                os.fchmod(stream.fileno(), mode)
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        if isinstance(exc, PermissionError) and existing is not None:  # Windows: the file is open elsewhere
            raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}; nếu tệp đang mở trong Excel, "
                              "Word hay trình duyệt, hãy đóng tệp rồi chạy lại") from None
        if isinstance(exc, OSError):
            raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
        raise


def _encoded(content: str | bytes) -> bytes:
    return content if isinstance(content, bytes) else content.encode("utf-8", errors="backslashreplace")


def _new_file_mode() -> int:
    umask = os.umask(0o077)
    os.umask(umask)
    return 0o666 & ~umask


def _write_directly(path: Path, target: Path, content: str | bytes) -> None:
    try:
        with open(target, "wb") as stream:
            stream.write(_encoded(content))
    except OSError as exc:
        raise OutputError(f"không ghi được tệp kết quả {path}: {exc.strerror}") from None
