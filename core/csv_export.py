"""Every CSV file the site writes, safe to open in a spreadsheet program.

A cell whose text starts with ``= + - @``, a tab or a carriage return is run as a formula by Excel,
LibreOffice and Google Sheets (CSV or formula injection): a name like ``=HYPERLINK(...)`` typed
into a public form would act when a member of staff opens the export. As OWASP advises, such a
cell gets a single quote in front, so the program shows the text as it was written.

Real numbers (``int``, ``float``, ``Decimal``) are written as they are: a negative number in a
numeric column is data, not a formula, and must stay a number people can sum. Text is always text,
even when it looks like a number: ``"-3"`` from a form field is neutralised like any other text.
So a view decides what a number is by passing a number, never a preformatted string of one.
"""

import csv
from decimal import Decimal

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BYTE_ORDER_MARK = "\ufeff"  # so spreadsheet programs read the file as UTF-8


def neutralise(value):
    """The value as a CSV cell that a spreadsheet program never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through ``neutralise``; the only CSV writer we use."""

    def __init__(self, stream, **fmtparams):
        self._writer = csv.writer(stream, **fmtparams)

    def writerow(self, row):
        return self._writer.writerow([neutralise(value) for value in row])

    def writerows(self, rows) -> None:
        for row in rows:
            self.writerow(row)


class _Line:
    """A stream that hands each written line back, for a streamed response."""

    def write(self, value):
        return value


def line_writer(**fmtparams) -> SafeCsvWriter:
    """A writer whose ``writerow`` returns the line, for ``StreamingHttpResponse``."""
    return SafeCsvWriter(_Line(), **fmtparams)


def csv_download(filename: str, *, delimiter: str = ";") -> tuple[HttpResponse, SafeCsvWriter]:
    """An attachment response in UTF-8 with a byte-order mark, and a safe writer into it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write(BYTE_ORDER_MARK)
    return response, SafeCsvWriter(response, delimiter=delimiter)
