"""The console command never ends in a traceback: output closed early by its reader (`| head`),
Ctrl-C while Python is still importing, a console that cannot show Vietnamese letters.

These run the real entry point (parindex.launch:main) in a child Python process."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import parindex.cli
import parindex.launch
from parindex.launch import INTERRUPTED

from .conftest import CRITERIA, ROOT, UNIT_A, Workspace

ENTRY = "import sys; from parindex.launch import main; sys.exit(main())"


def _command(*argv: str | Path) -> list[str]:
    return [sys.executable, "-c", ENTRY, *(str(a) for a in argv)]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHONIOENCODING", "LC_", "LANG", "PYTHONUTF8"))}
    env.update(extra)
    return env


def test_console_script_is_the_launcher() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts == {"parindex": "parindex.launch:main"}


# -- output closed early ----------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    ("rank", "--criteria", CRITERIA, UNIT_A),
    ("rank", "--criteria", CRITERIA, UNIT_A, "--format", "json"),
    ("score", "--criteria", CRITERIA, UNIT_A, "--explain", "--format", "markdown"),
    ("check", CRITERIA),
], ids=["rank", "json", "explain", "check"])
def test_reader_closing_the_output_early_ends_quietly(argv: tuple[str | Path, ...]) -> None:
    # the reader goes away before parindex writes anything: every write meets a closed pipe
    child = subprocess.Popen(_command(*argv), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read().decode("utf-8")
    child.stderr.close()
    assert child.wait(timeout=60) == 1
    assert err == ""  # no traceback, no "Exception ignored … BrokenPipeError", no "lỗi nội bộ"


def test_reader_closing_the_help_early_ends_quietly() -> None:
    child = subprocess.Popen(_command("--help"), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()
    err = child.stderr.read()
    child.stderr.close()
    # argparse itself ignores a failed write of the help (exit 0); either way, not a word on stderr
    assert child.wait(timeout=60) in (0, 1)
    assert err == b""


def test_reader_taking_one_line_like_head(tmp_path: Path) -> None:
    script = f"{' '.join(_quote(a) for a in _command('rank', '--criteria', CRITERIA, UNIT_A, UNIT_A))} | head -1"
    done = subprocess.run(["bash", "-o", "pipefail", "-c", script], capture_output=True, env=_env(), timeout=60)
    assert done.stdout.decode("utf-8") == "Sở, ban, ngành — 1 đơn vị\n"
    assert b"Traceback" not in done.stderr and b"BrokenPipe" not in done.stderr


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


# -- Ctrl-C -----------------------------------------------------------------------------------------------

SLOW_IMPORT = """
import sys, time
class Slow:
    def find_spec(self, name, path=None, target=None):
        if name == "parindex.cli":
            sys.stderr.write("dang-nap\\n"); sys.stderr.flush()
            time.sleep(60)
        return None
sys.meta_path.insert(0, Slow())
from parindex.launch import main
sys.exit(main())
"""


def test_ctrl_c_while_importing_prints_one_line() -> None:
    child = subprocess.Popen([sys.executable, "-c", SLOW_IMPORT, "rank", "--criteria", str(CRITERIA), str(UNIT_A)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    assert child.stderr is not None
    assert child.stderr.readline() == b"dang-nap\n"  # the child is inside `import parindex.cli`
    child.send_signal(signal.SIGINT)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert out == b""
    assert err.decode("utf-8") == INTERRUPTED


def test_ctrl_c_while_reading_the_command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                                ws: Workspace) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(parindex.cli, "_parser", interrupted)
    monkeypatch.setattr(sys, "argv", ["parindex", "check", str(CRITERIA)])
    assert parindex.launch.main() == 1
    captured = capsys.readouterr()
    assert captured.err == INTERRUPTED and captured.out == ""


# -- consoles that are not UTF-8 --------------------------------------------------------------------------

@pytest.mark.parametrize("env", [
    {"PYTHONIOENCODING": "ascii"},
    {"PYTHONIOENCODING": "cp1252"},
    {"PYTHONIOENCODING": "cp1258"},
    {"LC_ALL": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
], ids=["ascii", "cp1252", "cp1258", "C-locale"])
def test_console_without_utf8_degrades_to_escapes(env: dict[str, str]) -> None:
    encoding = env.get("PYTHONIOENCODING", "ascii")
    argv = ("score", "--criteria", CRITERIA, UNIT_A, "--explain")
    done = subprocess.run(_command(*argv), capture_output=True, env=_env(**env), timeout=60)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode(encoding)
    assert "Sở Mẫu A" not in out  # "ở" and "ẫ" exist in none of these code pages…
    assert "S\\u1edf M\\u1eabu A" in out  # …so they are written as escapes…
    utf8 = subprocess.run(_command(*argv), capture_output=True, env=_env(PYTHONIOENCODING="utf-8"), timeout=60)
    assert _unescape(out) == utf8.stdout.decode("utf-8")  # …and nothing is lost


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9a-f]{4})|\\x([0-9a-f]{2})", lambda m: chr(int(m.group(1) or m.group(2), 16)), text)


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_messages_on_a_console_without_utf8(ws: Workspace, encoding: str) -> None:
    bad = ws.unit("bad.yaml", ("ty_le_hai_long: 80", "ty_le_hai_long: 150"))
    done = subprocess.run(_command("rank", "--criteria", CRITERIA, bad), capture_output=True,
                          env=_env(PYTHONIOENCODING=encoding), timeout=60)
    assert done.returncode == 1
    err = done.stderr.decode(encoding)
    assert "Traceback" not in err and "l\\u1ed7i n\\u1ed9i b\\u1ed9" not in err
    assert f"{bad}:" in err and "100" in err


@pytest.mark.parametrize("encoding", ["ascii", "cp1252"])
def test_output_file_is_utf8_whatever_the_console(ws: Workspace, encoding: str) -> None:
    target = ws.folder / "xep-hang.json"
    done = subprocess.run(_command("rank", "--criteria", CRITERIA, UNIT_A, "--format", "json", "--output", target),
                          capture_output=True, env=_env(PYTHONIOENCODING=encoding), timeout=60)
    assert done.returncode == 0, done.stderr
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["groups"][0]["units"][0]["name"] == "Sở Mẫu A (hư cấu)"
