"""seed_demo loads Yanqing's lists and one demo user per role; running it twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yiguoji.core.models import Organisation, Township, User, Village
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Township.objects.count(),
        Village.objects.count(),
        Organisation.objects.count(),
        User.objects.count(),
    )


def test_seed_demo_is_idempotent_has_a_user_per_role_and_if_empty_skips():
    call_command("seed_demo", stdout=StringIO())
    first = _counts()
    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
    assert Township.objects.count() == 18
    assert set(User.objects.values_list("role", flat=True)) >= set(Role.values)
    bdl = Township.objects.get(name="八达岭镇")
    assert bdl.villages.filter(name="岔道村").exists() and bdl.get_kind_display() == "镇"
    assert Organisation.objects.get(short_name="区人力社保局").kind == "labour_bureau"

    # --if-empty (what `make run` calls) skips a loaded database; one seeding serves both checks
    # (a full demo seed is about a minute and a half of the suite).
    out = StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "跳过" in out.getvalue()
    assert _counts() == first


def test_another_district_loads_its_own_files(tmp_path):
    (tmp_path / "district.csv").write_text(
        "key,value\nname,怀柔区\nfull_name,北京市怀柔区\nproject_code_prefix,HR\n"
        "lead_office,北京市怀柔区发展和改革委员会\n",
        encoding="utf-8",
    )
    (tmp_path / "townships.csv").write_text(
        "code,name,kind\n01,汤河口镇,镇\n02,喇叭沟门满族乡,乡\n", encoding="utf-8"
    )
    (tmp_path / "organisations.csv").write_text(
        "name,short_name,kind,township,village,sectors,contact_person,phone\n"
        "北京市怀柔区水务局,区水务局,行业主管部门,,,水利,,\n",
        encoding="utf-8",
    )
    call_command("load_district", str(tmp_path), stdout=StringIO())
    assert list(Township.objects.values_list("name", flat=True)) == ["汤河口镇", "喇叭沟门满族乡"]
    assert Organisation.objects.get().sectors == ["water"]


def test_a_bad_row_names_the_file_row_and_reason(tmp_path):
    (tmp_path / "district.csv").write_text(
        "key,value\nname,怀柔区\nfull_name,北京市怀柔区\nproject_code_prefix,HR\nlead_office,x\n",
        encoding="utf-8",
    )
    (tmp_path / "townships.csv").write_text(
        "code,name,kind\n01,汤河口镇,镇\n02,某某,区\n", encoding="utf-8"
    )
    (tmp_path / "organisations.csv").write_text("name,kind\n", encoding="utf-8")
    with pytest.raises(CommandError, match="townships 第3行 kind：无法识别“区”"):
        call_command("load_district", str(tmp_path), stdout=StringIO())
    assert not Township.objects.exists()  # all or nothing
