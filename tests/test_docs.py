"""The format reference's complete example is the shipped example, and it checks and scores."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import run

DOCS = Path(__file__).parent.parent / "docs"


def test_reference_embeds_the_example_files_verbatim() -> None:
    reference = (DOCS / "criteria-format.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", reference, re.DOTALL)
    assert (DOCS / "examples" / "all-rules.yaml").read_text(encoding="utf-8") in blocks
    assert (DOCS / "examples" / "unit-a.yaml").read_text(encoding="utf-8") in blocks


def test_example_uses_every_rule_kind() -> None:
    text = (DOCS / "examples" / "all-rules.yaml").read_text(encoding="utf-8")
    for kind in ("yes_no", "levels", "bands", "proportional", "per_item", "deduction", "formula", "relative",
                 "judged", "survey"):
        assert f"kind: {kind}" in text
    for other in ("not_applicable_when:", "\nbonus:", "\npenalties:", "\nchecks:", "\nsurvey:"):
        assert other in text


def test_example_scores_as_the_reference_says() -> None:
    code, out, err = run("score", "--criteria", DOCS / "examples" / "all-rules.yaml", DOCS / "examples" / "unit-a.yaml")
    assert code == 0, err
    assert "Tổng điểm: 5,34/9" in out
    assert "Chỉ số: 59,36%" in out
    assert "Xếp loại: Trung bình" in out
