"""Checks for uploaded files: by content (magic bytes), size and type, never by name alone."""

import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.template.defaultfilters import filesizeformat
from django.utils.text import get_text_list
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
    allowed = get_text_list([kind.label for kind in kinds], _("eller"))
    raise ValidationError(
        _(
            "Filen er ikke en gyldig fil af typen %(types)s. Gem eller eksportér dokumentet som "
            "%(types)s, og vælg det igen."
        )
        % {"types": allowed},
        code="type",
    )


class OversizedUpload(UploadedFile):
    """What is left of a file that passed the size limit: its name and how far it got, no content.

    ``validate_upload`` then refuses it with the usual Danish message next to the field.
    """

    def __init__(self, name: str, content_type: str, size: int):
        super().__init__(io.BytesIO(b""), name, content_type, size)


class SizeLimitedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: keeps no more of a file than the largest any form allows.

    Past ``settings.FILE_UPLOAD_MAX_FILE_SIZE`` the rest of the file is neither held in memory nor
    written to disk (the handlers after this one get no more of it), so an upload of gigabytes
    costs only the time to pass it by. The request as a whole is capped by the proxy in front
    (see the README), since Django does not count file data towards DATA_UPLOAD_MAX_MEMORY_SIZE.
    """

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_FILE_SIZE:
            self.too_large = True
        return None if self.too_large else raw_data

    def file_complete(self, file_size):
        if self.too_large:
            return OversizedUpload(self.file_name, self.content_type, self.received)
        return None
