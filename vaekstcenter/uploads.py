"""Checks for uploaded files: by content (magic bytes), size and type, never by name alone."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    label: str
    extensions: tuple[str, ...]
    signatures: tuple[bytes, ...]
    content_type: str


PDF = FileKind("PDF", (".pdf",), (b"%PDF-",), "application/pdf")
PNG = FileKind("PNG", (".png",), (b"\x89PNG\r\n\x1a\n",), "image/png")
JPEG = FileKind("JPEG", (".jpg", ".jpeg"), (b"\xff\xd8\xff",), "image/jpeg")
DOCX = FileKind(
    "Word (docx)",
    (".docx",),
    (b"PK\x03\x04",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)


def validate_upload(upload, kinds: tuple[FileKind, ...], max_bytes: int) -> FileKind:
    """Raise a Danish ValidationError unless the file is one of ``kinds`` and small enough."""
    if upload.size == 0:
        raise ValidationError(_("Filen er tom."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("Filen fylder %(size)s. Den må højst fylde %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    name = (upload.name or "").lower()
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for kind in kinds:
        if name.endswith(kind.extensions) and head.startswith(kind.signatures):
            return kind
    allowed = ", ".join(kind.label for kind in kinds)
    raise ValidationError(
        _("Filen er ikke en gyldig fil af typen %(types)s.") % {"types": allowed}, code="type"
    )
