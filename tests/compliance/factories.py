"""Factories and helpers for the customer-record protection tests."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from customers.idcard import with_check_digit
from tests.factories import CustomerAddressFactory, CustomerFactory, CustomerPhoneFactory

VALID_ID = with_check_digit("11010519491231002")  # GB 11643's own example: 11010519491231002X
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def customer(*, phone="13812345678", password="246810", id_number=VALID_ID, **kwargs):  # noqa: S107
    """A customer with one phone, one address and a hashed service password."""
    record = CustomerFactory(id_number=id_number, **kwargs)
    if password:
        record.set_service_password(password)
        record.save()
    CustomerPhoneFactory(customer=record, number=phone)
    CustomerAddressFactory(customer=record)
    return record


def letter(content: bytes = PDF, name: str = "letter.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")
