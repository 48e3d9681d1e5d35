"""Documents: who uploads which kind, size and type limits, key terms, voiding, downloads only
through scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from projects.choices import DocumentKind, ProjectStatus
from projects.services.documents import document_upload, document_void, kinds_for
from tests.projects.factories import PDF_BYTES

pytestmark = pytest.mark.django_db
K = DocumentKind


def pdf(name="批复.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, "application/pdf")


def upload(user, project, kind=K.PROPOSAL, file=None, **extra):
    return document_upload(
        acting_user=user, project=project, kind=kind, upload=file or pdf(), **extra
    )


def test_the_unit_uploads_its_proposal(make_project, cast):
    project = make_project(complete=False)
    document = upload(cast.project_unit, project, title="项目建议书")
    assert document.kind == K.PROPOSAL and document.size == len(PDF_BYTES)
    assert document.original_name == "批复.pdf"
    assert "批复" not in document.file.name  # stored under a random name
    assert len(document.sha256) == 64 and document.content_type == "application/pdf"


def test_an_approval_states_the_local_hiring_terms_and_number(make_project, cast):
    project = make_project(status=ProjectStatus.LISTED)
    with pytest.raises(ValidationError) as caught:
        upload(cast.department, project, K.APPROVAL, number="延水字〔2026〕3号")
    assert "吸纳当地群众务工就业" in caught.value.message_dict["key_terms"][0]
    with pytest.raises(ValidationError, match="批复文号"):
        upload(cast.department, project, K.APPROVAL, key_terms="优先吸纳当地群众务工")
    document = upload(
        cast.department, project, K.APPROVAL, number="延水字〔2026〕3号",
        key_terms="项目单位应优先吸纳当地群众务工，优先保障农民工工资支付",
    )  # fmt: skip
    assert document.number == "延水字〔2026〕3号"


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        ("department", K.APPROVAL, True),
        ("project_unit", K.APPROVAL, False),
        ("contractor", K.TENDER_CONTRACT, True),
        ("contractor", K.PROPOSAL, False),
        ("township", K.AUDIT, False),
        ("district_office", K.AUDIT, True),
    ],
)
def test_who_uploads_which_kind(role, kind, allowed, make_project, cast):
    project = make_project(status=ProjectStatus.LISTED)
    extra = {"key_terms": "当地用工条款", "number": "文号1"}
    if allowed:
        assert upload(cast.users[role], project, kind, **extra).pk
        assert kind in dict(kinds_for(cast.users[role]))
    else:
        with pytest.raises(PermissionDenied, match="不能上传"):
            upload(cast.users[role], project, kind, **extra)


@pytest.mark.parametrize("role", ["leader", "auditor", "finance", "labour_bureau"])
def test_read_only_roles_upload_nothing(role, make_project, cast):
    with pytest.raises(PermissionDenied):
        upload(cast.users[role], make_project())


def test_outside_the_scope_nothing_is_uploaded(make_project, cast):
    with pytest.raises(PermissionDenied, match="权限范围"):
        upload(cast.other_unit, make_project())


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "“virus.exe”的类型不支持"),
        ("scan.pdf", b"MZ\x90\x00 not a pdf", "不是有效的 PDF 文件"),
        ("photo.png", PDF_BYTES, "不是有效的 PNG 文件"),
        ("noext", PDF_BYTES, "“noext”的类型不支持"),
        ("empty.pdf", b"", "“empty.pdf”是空文件"),
    ],
)
def test_type_is_checked_by_content(name, content, message, make_project, cast):
    with pytest.raises(ValidationError, match=message):
        upload(cast.project_unit, make_project(), file=pdf(name, content))


def test_size_limit(make_project, cast, settings):
    settings.PROJECT_DOCUMENT_MAX_MB = 1
    big = pdf("big.pdf", PDF_BYTES + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError, match="不能超过 1 MB"):
        upload(cast.project_unit, make_project(), file=big)


def test_no_uploads_to_a_withdrawn_project(make_project, cast):
    with pytest.raises(ValidationError, match="已撤回"):
        upload(cast.project_unit, make_project(status=ProjectStatus.WITHDRAWN))


def test_void_keeps_the_record(make_project, cast):
    project = make_project(complete=False)
    document = upload(cast.project_unit, project)
    with pytest.raises(PermissionDenied, match="只有上传人"):
        document_void(acting_user=cast.users["township"], document=document, reason="错了")
    with pytest.raises(ValidationError):
        document_void(acting_user=cast.project_unit, document=document, reason=" ")
    document_void(acting_user=cast.project_unit, document=document, reason="传错文件")
    document.refresh_from_db()
    assert document.voided_by == cast.project_unit and document.void_reason == "传错文件"
    assert project.documents.current().count() == 0
    with pytest.raises(ValidationError, match="已作废"):
        document_void(acting_user=cast.district_office, document=document, reason="再次")


def test_files_are_served_only_within_scope(make_project, cast, client_for):
    project = make_project(complete=False)
    document = upload(cast.project_unit, project)
    url = reverse("projects:document_download", args=[project.pk, document.pk])
    response = client_for(cast.project_unit).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert client_for(cast.other_unit).get(url).status_code == 404
    assert client_for(cast.users["other_township"]).get(url).status_code == 404
    assert client_for(cast.users["leader"]).get(url).status_code == 200
    wrong_project = reverse("projects:document_download", args=[project.pk + 999, document.pk])
    assert client_for(cast.district_office).get(wrong_project).status_code == 404
