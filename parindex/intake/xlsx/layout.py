"""The layout of parindex's workbooks: sheet names, the labels of the header block and the headers
of each table. The writer of the blank forms (reports.xlsx.forms) and the readers (intake.xlsx)
share these names, so that a form parindex wrote is read back.

A reader finds a table by its header row (the row holding the table's code header, in the first
rows of the sheet) and each column by its header text, ignoring case, accents and spaces: a column
moved or inserted by a person is still found. The header block (unit id, name, kind, period…) is
read from the rows above the table: a label in the code column, its value in the value column.
"""

from __future__ import annotations

from pathlib import Path

# -- files ----------------------------------------------------------------------------------------

SUFFIXES = (".xlsx", ".xlsm")
OLD_FORMATS = {".xls": "Excel 97–2003 (.xls)", ".ods": "OpenDocument (.ods)", ".xlsb": "Excel nhị phân (.xlsb)"}
LOCK_PREFIX = "~$"  # the lock file Excel leaves beside a workbook it has open


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in SUFFIXES


def old_format(path: Path) -> str | None:
    """The name of a spreadsheet format parindex does not read (.xls, .ods), or None."""
    return OLD_FORMATS.get(path.suffix.lower())

# -- the unit form (mẫu biểu tự đánh giá của một đơn vị) ------------------------------------------

INSTRUCTIONS_SHEET = "Hướng dẫn"
FORM_SHEET = "Chỉ số"
JUDGED_SHEET = "Điểm tự chấm"
LISTS_SHEET = "Danh mục"  # hidden: the lists the value cells' drop-downs take their items from

# Header block: label (as written in the form) → the unit file's field.
UNIT_HEADER = {
    "Mã đơn vị": "unit_id",
    "Tên đơn vị": "unit_name",
    "Loại đơn vị": "unit_kind",
    "Kỳ đánh giá": "period",
    "Bộ tiêu chí": "criteria",
    "Ngày gửi": "submitted",
    "Ghi chú chung": "note",
}

CODE = "code"
LABEL = "label"
KIND = "kind"
GUIDE = "guide"
VALUE = "value"
EVIDENCE = "evidence"
NOTE = "note"
USED_BY = "used_by"
MAX = "max"
STEP = "step"
CURRENT = "current"
REASON = "reason"
REQUEST = "request"

# Each table: its columns in the order the writer puts them, role → header text. The reader needs
# the first (the code) and the value; the others are read when present.
FORM_COLUMNS = {
    CODE: "Mã chỉ số",
    LABEL: "Nội dung chỉ số",
    KIND: "Loại",
    GUIDE: "Cách ghi",
    VALUE: "Giá trị",
    EVIDENCE: "Tài liệu kiểm chứng",
    NOTE: "Ghi chú",
    USED_BY: "Dùng cho tiêu chí",
}
JUDGED_COLUMNS = {
    CODE: "Mã mục",
    LABEL: "Nội dung tiêu chí",
    MAX: "Điểm tối đa",
    STEP: "Bước điểm",
    VALUE: "Điểm tự chấm",
    EVIDENCE: "Tài liệu kiểm chứng",
    NOTE: "Ghi chú",
}

# -- the many-units workbook (bảng số liệu nhiều đơn vị, for the Sở's staff) ------------------------

MANY_SHEET = "Số liệu các đơn vị"
# The row of codes (under the row of labels): the unit's fields, then one column per indicator,
# then one per judged leaf (POINTS_PREFIX + its code), one per sub-criterion that asks for evidence
# (EVIDENCE_PREFIX + its code), then the note.
MANY_FIELDS = ("unit_id", "unit_name", "unit_kind", "period")
POINTS_PREFIX = "điểm "
EVIDENCE_PREFIX = "tài liệu "  # + a sub-criterion's code: its evidence (a document's number, a link)
MANY_CRITERIA = "Bộ tiêu chí"  # a label in column A above the table, the set's id beside it

# -- the appraisal sheet (phiếu thẩm định) ---------------------------------------------------------

APPRAISAL_SHEET = "Phiếu thẩm định"
APPRAISAL_POINTS_SHEET = "Điểm tiêu chí"
ROUND1_SHEET = "Vòng 1 và giải trình"
APPRAISAL_HEADER = {
    "Mã đơn vị": "unit_id",
    "Vòng thẩm định": "round",
    "Người thẩm định": "appraiser",
    "Ngày hoàn thành": "submitted",
}
APPRAISAL_COLUMNS = {
    CODE: "Mã chỉ số",
    LABEL: "Nội dung chỉ số",
    CURRENT: "Giá trị hiện tại",
    VALUE: "Giá trị sau thẩm định",
    REASON: "Lý do",
    EVIDENCE: "Tài liệu kiểm chứng",
    REQUEST: "Yêu cầu giải trình",
}
APPRAISAL_POINT_COLUMNS = {
    CODE: "Mã mục",
    LABEL: "Nội dung tiêu chí",
    MAX: "Điểm tối đa",
    CURRENT: "Điểm hiện tại",
    VALUE: "Điểm sau thẩm định",
    REASON: "Lý do",
    EVIDENCE: "Tài liệu kiểm chứng",
    REQUEST: "Yêu cầu giải trình",
}

# -- the survey answer sheet (phiếu điều tra xã hội học) -----------------------------------------

SURVEY_SHEET = "Phiếu điều tra"
SURVEY_QUESTIONS_SHEET = "Câu hỏi"
# The same columns as a CSV sheet (intake.survey.COLUMNS), with Vietnamese headers.
SURVEY_HEADERS = ("Người trả lời", "Nhóm", "Đơn vị", "Câu hỏi", "Trả lời")

# -- words ----------------------------------------------------------------------------------------

YES = "có"
NO = "không"
# The rows of the code column the reader looks through for a table's header row.
HEADER_SEARCH_ROWS = 60
