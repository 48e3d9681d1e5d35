"""Uploaded files are checked by content, size and type, with the file named in the message."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yiguoji.files import IMAGES, SCANS, check_upload

PDF = b"%PDF-1.4\n%minimal\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _message(error: ValidationError) -> str:
    return " ".join(m for messages in error.message_dict.values() for m in messages)


def test_a_real_pdf_passes():
    assert (
        check_upload(SimpleUploadedFile("合同.pdf", PDF), field="scan", what="合同扫描件").label
        == "PDF"
    )


@pytest.mark.parametrize(
    ("name", "content", "extensions", "expected"),
    [
        ("合同.exe", b"MZ\x90\x00", SCANS, "“合同.exe”的类型不支持：只接受 JPG、PDF、PNG 文件"),
        ("合同.pdf", b"MZ\x90\x00fake", SCANS, "“合同.pdf”的内容不是有效的 PDF 文件"),
        ("照片.png", PDF, IMAGES, "“照片.png”的内容不是有效的 PNG 文件"),
        ("照片.pdf", PDF, IMAGES, "只接受 JPG、PNG 文件"),
        ("空.pdf", b"", SCANS, "“空.pdf”是空文件"),
    ],
)
def test_refusals_name_the_file_and_the_reason(name, content, extensions, expected):
    with pytest.raises(ValidationError) as caught:
        check_upload(
            SimpleUploadedFile(name, content), field="f", what="文件", extensions=extensions
        )
    assert expected in _message(caught.value)
    assert list(caught.value.message_dict) == ["f"]


def test_size_limit(settings):
    settings.UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("大.png", PNG + b"\x00" * (1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        check_upload(big, field="image", what="照片", extensions=IMAGES)
    assert "不能超过 1 MB" in _message(caught.value)


def test_missing_file():
    with pytest.raises(ValidationError) as caught:
        check_upload(None, field="evidence", what="证明材料")
    assert _message(caught.value) == "请上传证明材料"
