"""The backups page (issue 17 item 6): the sets and their sizes, the last drill, the keys."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from yiguoji.backups import sets
from yiguoji.core.models import KeyRotation, RestoreDrill


@pytest.fixture
def two_sets(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    for name, size in (("yiguoji-20261201T011500", 1000), ("yiguoji-20261202T011500", 3 * 1024**2)):
        folder = tmp_path / name
        folder.mkdir()
        (folder / sets.DUMP).write_bytes(b"x" * size)
        (folder / sets.MEDIA).write_bytes(b"y" * 2048)
        (folder / sets.MANIFEST).write_text("{}")
        sets.write_sums(folder)
    (tmp_path / "yiguoji-20261203T011500.partial").mkdir()  # half-written: not listed


def test_the_district_office_sees_sets_sizes_the_last_drill_and_keys(
    two_sets, make_user, client_for
):
    RestoreDrill.objects.create(backup_name="yiguoji-20261201T011500", passed=False, detail="旧")
    RestoreDrill.objects.create(
        backup_name="yiguoji-20261202T011500", passed=True, seconds=12, detail="140 张表一致"
    )
    KeyRotation.objects.create(target_version=2, rows_total=10, rows_done=10)
    client = client_for(make_user())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("core:backups"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "yiguoji-20261202T011500" in page and "yiguoji-20261201T011500" in page
    assert ".partial" not in page
    assert "3.0\xa0MB" in page  # the newest set's database dump
    assert page.index("yiguoji-20261202T011500") < page.index("yiguoji-20261201T011500")
    assert "140 张表一致" in page and "通过" in page
    assert "当前版本" in page
    assert len(queries) <= 9  # session, user, audit, grants, drills, rotations; not per set


def test_no_backup_is_said_plainly(settings, tmp_path, make_user, client_for):
    settings.BACKUP_DIR = tmp_path / "none"
    page = client_for(make_user()).get(reverse("core:backups")).content.decode()
    assert "还没有备份" in page and "还没有演练" in page


def test_others_may_not_see_it(make_user, client_for):
    from yiguoji.core.roles import Role

    assert client_for(make_user(Role.FINANCE)).get(reverse("core:backups")).status_code == 403
