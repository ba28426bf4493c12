"""Reading workbooks (.xlsx): filled forms, many-units workbooks, appraisal and survey sheets.

`layout` (plain names, shared with the writer of the forms, reports.xlsx.forms) imports nothing
foreign; `workbook` is where openpyxl is used; `forms`, `appraisal` and `survey` turn a workbook
into the documents and rows the YAML and CSV readers give, so that every check after reading is
the same.
"""
