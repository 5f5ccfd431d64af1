"""The registry's PDFs (the application receipt, decision letters), set up one way with fpdf2.

The core fonts in Windows-1252 cover Danish letters, dashes and quotes; anything beyond (an emoji
in a free text) is printed as "?".
"""

from fpdf import FPDF

ENCODING = "windows-1252"


def printable(text: str) -> str:
    return text.encode(ENCODING, "replace").decode(ENCODING)


class TextPdf:
    """A plain A4 document written line by line or from simple HTML."""

    def __init__(self, title: str, author: str):
        self.pdf = FPDF()
        self.pdf.core_fonts_encoding = ENCODING
        self.pdf.set_title(printable(title))
        self.pdf.set_author(printable(author))
        self.pdf.add_page()

    def line(self, text: str, size: int = 10, style: str = "", height: int = 5) -> None:
        self.pdf.set_font("helvetica", style, size)
        self.pdf.multi_cell(0, height, printable(text), new_x="LMARGIN", new_y="NEXT")

    def space(self, height: float) -> None:
        self.pdf.ln(height)

    def html(self, html: str) -> None:
        """Headings, paragraphs, lists and bold text, as the letter templates use them."""
        self.pdf.set_font("helvetica", size=10)
        self.pdf.write_html(printable(html), ul_bullet_char="\u2022")

    def output(self) -> bytes:
        return bytes(self.pdf.output())
