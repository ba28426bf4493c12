"""`--output` writes where the path leads and leaves the file as its owner set it up: a symbolic
link is followed (the link stays), an existing file keeps its permissions, a new file gets the usual
ones (0o666 less the umask), and the file is always UTF-8."""

from __future__ import annotations

import json
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import CRITERIA, UNIT_A, Workspace, assert_refused, run

EARLIER = "kết quả cũ\n"


@pytest.fixture
def umask_022() -> Iterator[None]:
    old = os.umask(0o022)
    yield
    os.umask(old)


def _rank_into(target: Path) -> None:
    result = run("rank", "--criteria", CRITERIA, UNIT_A, "--format", "json", "--output", target)
    assert result.code == 0, result.err
    assert result.out == ""


def _is_ranking(path: Path) -> bool:
    return json.loads(path.read_text(encoding="utf-8"))["groups"][0]["units"][0]["unit_id"] == "so-mau-a"


@pytest.mark.parametrize("relative", [False, True], ids=["absolute-link", "relative-link"])
def test_output_onto_a_link_writes_its_target_and_keeps_the_link(ws: Workspace, relative: bool) -> None:
    (ws.folder / "that").mkdir()
    real = ws.folder / "that" / "xep-hang.json"
    real.write_text(EARLIER, encoding="utf-8")
    link = ws.folder / "moi-nhat.json"
    link.symlink_to(Path("that") / "xep-hang.json" if relative else real)
    _rank_into(link)
    assert link.is_symlink()
    assert os.readlink(link) == str(Path("that") / "xep-hang.json" if relative else real)
    assert _is_ranking(real)
    assert sorted(os.listdir(ws.folder / "that")) == ["xep-hang.json"]  # no temporary file left


def test_output_onto_a_link_to_a_file_not_yet_written(ws: Workspace) -> None:
    (ws.folder / "that").mkdir()
    real = ws.folder / "that" / "xep-hang.json"
    link = ws.folder / "moi-nhat.json"
    link.symlink_to(real)
    _rank_into(link)
    assert link.is_symlink() and _is_ranking(real)


def test_output_through_a_chain_of_links(ws: Workspace) -> None:
    real = ws.folder / "xep-hang.json"
    real.write_text(EARLIER, encoding="utf-8")
    first, second = ws.folder / "a.json", ws.folder / "b.json"
    second.symlink_to(real)
    first.symlink_to(second)
    _rank_into(first)
    assert first.is_symlink() and second.is_symlink() and _is_ranking(real)


def test_link_to_a_missing_folder_is_refused_before_any_work(ws: Workspace) -> None:
    link = ws.folder / "moi-nhat.json"
    link.symlink_to(ws.folder / "khong-co" / "xep-hang.json")
    result = run("rank", "--criteria", CRITERIA, UNIT_A, "--output", link)
    assert_refused(result, f"thư mục '{ws.folder / 'khong-co'}' không tồn tại", file=link)
    assert link.is_symlink()


def test_link_to_an_input_file_is_refused(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml")
    link = ws.folder / "ket-qua.json"
    link.symlink_to(unit)
    result = run("rank", "--criteria", CRITERIA, unit, "--output", link)
    assert_refused(result, "tệp kết quả trùng với tệp đầu vào", file=link)


def test_hard_link_to_an_input_file_is_refused(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml")
    before = unit.read_bytes()
    link = ws.folder / "ket-qua.json"
    os.link(unit, link)
    result = run("rank", "--criteria", CRITERIA, unit, "--output", link)
    assert_refused(result, "tệp kết quả trùng với tệp đầu vào", file=link)
    assert unit.read_bytes() == before


def test_input_named_by_another_path_is_refused(ws: Workspace) -> None:
    unit = ws.unit("unit.yaml")
    roundabout = ws.folder / "." / ".." / ws.folder.name / "unit.yaml"
    result = run("rank", "--criteria", CRITERIA, unit, "--output", roundabout)
    assert_refused(result, "tệp kết quả trùng với tệp đầu vào", file=roundabout)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664, 0o444])
def test_existing_file_keeps_its_permissions(ws: Workspace, mode: int) -> None:
    target = ws.folder / "xep-hang.json"
    target.write_text(EARLIER, encoding="utf-8")
    target.chmod(mode)
    _rank_into(target)
    assert stat.S_IMODE(os.stat(target).st_mode) == mode
    assert _is_ranking(target)


def test_target_of_a_link_keeps_its_permissions(ws: Workspace) -> None:
    real = ws.folder / "xep-hang.json"
    real.write_text(EARLIER, encoding="utf-8")
    real.chmod(0o640)
    link = ws.folder / "moi-nhat.json"
    link.symlink_to(real)
    _rank_into(link)
    assert stat.S_IMODE(os.stat(real).st_mode) == 0o640


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_new_file_gets_the_usual_permissions(ws: Workspace, umask: int, mode: int) -> None:
    target = ws.folder / "xep-hang.json"
    old = os.umask(umask)
    try:
        _rank_into(target)
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(target).st_mode) == mode  # 0o666 & ~umask, like any program's new file


def test_umask_is_left_as_it_was(ws: Workspace, umask_022: None) -> None:
    _rank_into(ws.folder / "xep-hang.json")
    current = os.umask(0o022)
    assert current == 0o022


def test_output_onto_a_fifo_writes_into_it(ws: Workspace) -> None:
    fifo = ws.folder / "ong.json"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    _rank_into(fifo)
    reader.join(timeout=30)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a FIFO, not replaced by a regular file
    assert json.loads(received[0].decode("utf-8"))["groups"][0]["units"][0]["name"] == "Sở Mẫu A (hư cấu)"
