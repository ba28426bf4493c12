"""The blank YAML form of a criteria set (`parindex template --format yaml`): a unit file with every
field and indicator present and empty, each explained by comments — its Vietnamese label, kind,
unit of measure, bounds, what an empty value means and the sub-criteria that read it — grouped by
area and criterion; a `points:` block for the judged sub-criteria and an `evidence:` example.

An officer fills in the values after the colons without opening the criteria set; the file is
then a unit file (`parindex score`). Every text taken from the set is written inside a comment,
made printable and kept on one line, or as a quoted string, so nothing in a set becomes YAML.
"""

from __future__ import annotations

from parindex.core.text import printable
from parindex.criteria import schema
from parindex.reports.form_model import Form, FormIndicator
from parindex.reports.sheets import quoted


def _comment(text: str) -> str:
    return " ".join(printable(text).split())


def form_yaml(form: Form, criteria_file: str | None = None) -> str:
    """The YAML form as text; `criteria_file`: the path shown in the command that checks it."""
    check = _comment(criteria_file) if criteria_file else "BỘ_TIÊU_CHÍ.yaml"
    lines = [
        f"# MẪU KÊ KHAI SỐ LIỆU TỰ ĐÁNH GIÁ — {_comment(form.title)} ({_comment(form.set_id)})",
        "# Lập bởi 'parindex template'. Cách điền:",
        "# - ghi giá trị sau dấu ':' của từng dòng; các dòng bắt đầu bằng '#' là hướng dẫn, để nguyên cũng được;",
        "# - số đếm là số nguyên (1234, không dấu chấm ngăn cách); số thập phân viết dấu chấm (12.5);",
        "# - tỷ lệ % viết từ 0 đến 100 (95 hoặc 95%); có/không viết true/false (hoặc có/không);",
        "# - lựa chọn viết mã (hoặc nhãn) của một lựa chọn; ngày viết dd/mm/yyyy (ví dụ 15/12/2025);",
        "# - giá trị để trống được hiểu theo ghi chú 'để trống' của từng chỉ số;",
        f"# - kiểm tra tệp đã điền: parindex score --criteria {check} TỆP_NÀY.yaml",
        "unit_id:   # mã đơn vị: chữ thường không dấu, ví dụ so-tu-phap",
        "unit_name:   # tên đơn vị, ví dụ Sở Tư pháp",
    ]
    if form.unit_kind is not None:
        label = schema.UNIT_KINDS.get(form.unit_kind, form.unit_kind)
        lines.append(f"unit_kind: {quoted(form.unit_kind)}   # loại đơn vị: {_comment(label)}")
    else:
        lines.append(f"unit_kind:   # loại đơn vị, một trong: {_comment(form.kind_words)}")
    lines += [
        f"period: {quoted(form.period)}   # kỳ đánh giá",
        f"criteria: {quoted(form.set_id)}   # bộ tiêu chí dùng để chấm",
        "submitted:   # ngày gửi (không bắt buộc), ví dụ 12/01/2026",
        "indicators:",
    ]
    for area in form.areas:
        lines += ["", f"  # ═══ {_comment(area.code)}. {_comment(area.title)} (tối đa {area.max} điểm) ═══"]
        for criterion in area.criteria:
            if criterion.code != area.code:
                if not lines[-1].startswith("  # ═══"):
                    lines.append("")
                lines.append(f"  # ── {_comment(criterion.code)} {_comment(criterion.title)} ──")
            for indicator in criterion.indicators:
                lines += _indicator_lines(indicator)
    if form.other:
        lines += ["", "  # ═══ Chỉ số khác (dùng cho kiểm tra số liệu, nhóm xếp hạng, điều kiện xếp loại) ═══"]
        for indicator in form.other:
            lines += _indicator_lines(indicator)
    if form.judged:
        lines += ["", "points:   # điểm tự chấm của các tiêu chí chấm theo đánh giá (đơn vị tự cho điểm)"]
        for judged in form.judged:
            asked = {"required": "; bắt buộc có tài liệu kiểm chứng",
                     "recommended": "; nên có tài liệu kiểm chứng"}.get(judged.evidence or "", "")
            lines += [f"  # {_comment(judged.code)} {_comment(judged.title)} — tối đa {form.points(judged.max)}, "
                      f"bước {form.points(judged.step)}{asked}",
                      f"  {quoted(judged.code)}:"]
    lines += ["", *_evidence_lines(form)]
    return "\n".join(lines) + "\n"


def _indicator_lines(indicator: FormIndicator) -> list[str]:
    lines = ["", f"  # {_comment(indicator.label)} — {indicator.kind_words}"]
    how = indicator.how_words()
    if indicator.kind == "choice":
        how = "một trong: " + "; ".join(f"{_comment(code)} ({_comment(label)})"
                                       for code, label in indicator.choices.items())
        bounds = [how] + ([f"đơn vị tính: {indicator.unit}"] if indicator.unit else [])
        how = "; ".join(bounds)
    if how:
        lines.append(f"  #   {_comment(how)}")
    lines.append(f"  #   {_comment(indicator.empty_words)}")
    if indicator.used_by:
        used = "; ".join(f"{code} {title}" for code, title in indicator.used_by)
        lines.append(f"  #   dùng cho: {_comment(used)}")
    if indicator.note:
        lines.append(f"  #   ghi chú: {_comment(indicator.note)}")
    lines.append(f"  {indicator.name}:")
    return lines


def _evidence_lines(form: Form) -> list[str]:
    example = form.indicators[0].name if form.indicators else "ten_chi_so"
    lines = [
        "# Tài liệu kiểm chứng: bỏ dấu '#' ở đầu dòng 'evidence:' và các dòng ví dụ dưới đây rồi sửa lại; ghi theo",
        "# tên chỉ số hoặc mã mục, mỗi tài liệu gồm: doc (số, ký hiệu văn bản), date (ngày), file (tên tệp),",
        "# link (đường liên kết), note (ghi chú); cần ít nhất một trong doc, file, link.",
    ]
    asked = [j.code for j in form.judged if j.evidence == "required"]
    if asked:
        lines.append(f"# Bộ tiêu chí bắt buộc có tài liệu kiểm chứng cho: {_comment(', '.join(asked))}.")
    lines += ["# evidence:",
              f"#   {example}: {{doc: 01/KH-UBND, date: 08/01/{form.year}, note: Kế hoạch CCHC năm {form.year}}}"]
    if form.judged:
        lines.append(f"#   {quoted(form.judged[0].code)}: [{{doc: 12/BC-UBND}}, {{file: minh-chung/bien-ban.pdf}}]")
    return lines
