"""Reports as XLSX workbooks (XlsxWriter): ``book`` writes a workbook (formats, widths, print
set-up), ``sheets`` holds a function per sheet."""

from bot.reports.xlsx.sheets import comparison_workbook, report_workbook

__all__ = ["comparison_workbook", "report_workbook"]
