"""Files that are not regular files never hang a run; the value limit is applied while the file is
composed, so a file of a million values is refused in well under a second or two."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from parindex.core.errors import InputProblems
from parindex.intake.yamlfile import MAX_NODES, load_yaml

from .conftest import CRITERIA, UNIT_TEXT, Workspace, assert_refused, run

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")


def cli(*argv: str | Path, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, so that a hang fails the test instead of blocking it."""
    return subprocess.run([sys.executable, "-m", "parindex", *map(str, argv)], capture_output=True,
                          text=True, timeout=timeout, check=False)


@needs_fifo
@pytest.mark.parametrize("role", ["unit", "criteria"])
def test_fifo_is_refused_without_hanging(ws: Workspace, role: str) -> None:
    fifo = ws.folder / "ong.yaml"
    os.mkfifo(fifo)
    unit = ws.unit("u.yaml")
    argv = ("score", "--criteria", CRITERIA, fifo) if role == "unit" else ("score", "--criteria", fifo, unit)
    started = time.monotonic()
    result = cli(*argv)
    assert time.monotonic() - started < 20
    assert result.returncode == 1, result.stderr
    assert f"{fifo}: [error] đây không phải là một tệp thông thường (là một đường ống FIFO)" in result.stderr
    assert "Traceback" not in result.stderr


@needs_fifo
def test_fifo_to_check_is_refused(ws: Workspace) -> None:
    fifo = ws.folder / "bo.yaml"
    os.mkfifo(fifo)
    result = cli("check", fifo)
    assert result.returncode == 1
    assert "đường ống FIFO" in result.stderr


def test_dangling_link_says_so(ws: Workspace) -> None:
    link = ws.folder / "lien-ket.yaml"
    link.symlink_to(ws.folder / "da-xoa.yaml")
    assert_refused(run("score", "--criteria", CRITERIA, link), "không tìm thấy tệp (liên kết hỏng",
                   "da-xoa.yaml", file=link)


def test_dangling_link_as_criteria(ws: Workspace) -> None:
    link = ws.folder / "bo.yaml"
    link.symlink_to("khong-co.yaml")
    assert_refused(run("check", link), "liên kết hỏng", "khong-co.yaml", file=link)


def test_link_to_a_regular_file_is_read(ws: Workspace) -> None:
    link = ws.folder / "lien-ket.yaml"
    link.symlink_to(ws.unit("u.yaml"))
    assert run("score", "--criteria", CRITERIA, link).code == 0


def test_link_loop_is_refused(ws: Workspace) -> None:
    first, second = ws.folder / "a.yaml", ws.folder / "b.yaml"
    first.symlink_to(second)
    second.symlink_to(first)
    assert_refused(run("score", "--criteria", CRITERIA, first), "không", file=first)


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_devices_are_refused(device: str) -> None:
    if not Path(device).exists():
        pytest.skip(f"no {device} here")
    assert_refused(run("check", device), "không phải là một tệp thông thường", "thiết bị", file=device)


# -- a million values ----------------------------------------------------------------------------


def million_values(ws: Workspace, flow: bool) -> Path:
    # 990 000 values in a 1,98 MB flow list (within the 2 MB file limit), or 330 000 block items
    flow_list = "danh_sach: [" + ",".join(["1"] * 990_000) + "]\n"
    body = flow_list if flow else "danh_sach:\n" + "- 1\n" * 330_000
    path = ws.folder / "trieu.yaml"
    path.write_text(UNIT_TEXT + body, encoding="utf-8")
    assert path.stat().st_size < 2_000_000
    return path


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_a_million_values_are_refused_quickly(ws: Workspace, flow: bool) -> None:
    path = million_values(ws, flow)
    started = time.monotonic()
    result = run("score", "--criteria", CRITERIA, path)
    elapsed = time.monotonic() - started
    # composing the whole tree took about 19 s; the values are now counted while parsing
    assert elapsed < 3, f"{elapsed:.1f} s"
    assert_refused(result, "quá nhiều giá trị", f"tối đa {MAX_NODES:,}", file=path, line=UNIT_TEXT.count("\n") + 1
                   if flow else None)


@pytest.mark.parametrize("with_libyaml", [True, False], ids=["libyaml", "python"])
def test_value_budget_is_exact_while_composing(ws: Workspace, monkeypatch: pytest.MonkeyPatch,
                                               with_libyaml: bool) -> None:
    """Keys are not values; each list item, mapping and scalar is one. The same count with or
    without libyaml."""
    monkeypatch.setattr(yaml, "__with_libyaml__", with_libyaml and yaml.__with_libyaml__)
    # root mapping (1) + 'a' value (1) + 'b' list (1) + n mappings {k: 1} (2 each) = 3 + 2n
    for n, refused in ((10, False), (11, True)):
        path = ws.folder / f"n{n}.yaml"
        path.write_text("a: x\nb:\n" + "".join(f"  - {{k: {i}}}\n" for i in range(n)), encoding="utf-8")
        if refused:
            with pytest.raises(InputProblems) as caught:
                load_yaml(path, max_nodes=23)
            assert "quá nhiều giá trị" in str(caught.value)
            assert f"{path}:13:" in str(caught.value)  # the 24th value: item 11 on line 13
        else:
            assert len(load_yaml(path, max_nodes=23).data["b"]) == n


def test_depth_duplicates_and_tags_still_work_with_the_budget(ws: Workspace) -> None:
    path = ws.folder / "x.yaml"
    path.write_text("a: 1\na: 2\nb: !!binary aGk=\nc: [[[[1]]]]\n", encoding="utf-8")
    with pytest.raises(InputProblems) as caught:
        load_yaml(path, max_depth=3)
    assert "lồng nhau quá sâu" in str(caught.value)
    with pytest.raises(InputProblems) as caught:
        load_yaml(path)
    text = str(caught.value)
    assert f"{path}:2:1: [error] khóa 'a' bị lặp (đã có ở dòng 1)" in text
    assert f"{path}:3:4: [error] thẻ YAML '!!binary' không được phép" in text
