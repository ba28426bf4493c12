"""Writers are found by format name; a new format is one new module under reports/writers/."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from parindex.app import scoring
from parindex.cli import main
from parindex.reports import registry, writers

ROOT = Path(__file__).resolve().parent.parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "all-rules.yaml"
UNIT_A = ROOT / "docs" / "examples" / "unit-a.yaml"

# A binary format, as XLSX or DOCX will be: the module is all it takes.
BYTES_MODULE = '''
from parindex.reports.model import Report


class CountWriter:
    name = "dem"
    order = 90
    binary = True

    def write(self, report: Report) -> bytes:
        return f"{report.command}:{len(report.units)}\\n".encode()


WRITER = CountWriter()
'''


def test_the_shipped_formats_in_their_order() -> None:
    assert registry.formats() == ("table", "markdown", "csv", "json", "xlsx", "docx", "html")
    assert all(registry.writer(name).name == name for name in registry.formats())


@pytest.fixture
def extra_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    folder = tmp_path / "more_writers"
    folder.mkdir()
    (folder / "dem.py").write_text(BYTES_MODULE, encoding="utf-8")
    monkeypatch.setattr(writers, "__path__", [*writers.__path__, str(folder)])
    registry.registry.cache_clear()
    yield
    registry.registry.cache_clear()
    sys.modules.pop("parindex.reports.writers.dem", None)


@pytest.mark.usefixtures("extra_writer")
def test_a_new_module_is_a_new_format(tmp_path: Path) -> None:
    assert registry.formats() == ("table", "markdown", "csv", "json", "xlsx", "docx", "html", "dem")
    outcome = scoring.rank(EXAMPLE, [UNIT_A], scoring.Options(format="dem", output=tmp_path / "ket-qua.bin"))
    assert outcome.content == b"rank:1\n"
    scoring.save(outcome)
    assert (tmp_path / "ket-qua.bin").read_bytes() == b"rank:1\n"


@pytest.mark.usefixtures("extra_writer")
def test_bytes_go_to_the_byte_stream_of_the_console(tmp_path: Path) -> None:
    import io

    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="utf-8")
    err = io.StringIO()
    assert main(["score", "--criteria", str(EXAMPLE), str(UNIT_A), "--format", "dem"], stdout=out, stderr=err) == 0
    assert raw.getvalue() == b"score:1\n"
