"""Reports as XLSX workbooks (XlsxWriter): ``book`` writes a workbook (formats, print set-up),
``fit`` sizes its columns and rows to their text and the page, ``sheets`` holds a function per
sheet."""

from bot.reports.xlsx.sheets import comparison_workbook, report_workbook

__all__ = ["comparison_workbook", "report_workbook"]
