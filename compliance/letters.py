"""Letter scans for law-enforcement requests (P-3): the file type is read from the content, never from the name."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# Magic numbers of the formats a scanner produces.
_SIGNATURES: list[tuple[bytes, str]] = [
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
]
EXTENSIONS = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png", "image/tiff": ".tif"}


def sniff_content_type(head: bytes) -> str | None:
    """The content type the first bytes prove, or None."""
    for signature, content_type in _SIGNATURES:
        if head.startswith(signature):
            return content_type
    return None


def validate_letter_scan(upload) -> str:
    """The scan's content type, or ValidationError: empty, too large, or not a PDF or image whatever its name."""
    limit = settings.ENFORCEMENT_LETTER_MAX_BYTES
    if upload.size == 0:
        raise ValidationError(_("The letter scan is empty."), code="letter_empty")
    if upload.size > limit:
        raise ValidationError(
            _("The letter scan is %(size)s; at most %(limit)s is accepted.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="letter_too_large",
        )
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("The letter scan must be a PDF or an image (JPEG, PNG, TIFF); this file is neither, whatever its name."),
            code="letter_type",
        )
    return content_type
