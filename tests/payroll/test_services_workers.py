"""The real-name register: one person one record, protected numbers, reveals, scope."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction

from payroll.models import Worker
from payroll.services.reveals import worker_reveal, workers_reveal
from payroll.services.workers import (
    AlreadyRegistered,
    PersonDetails,
    worker_find,
    worker_register,
    worker_update,
)
from tests.payroll.factories import LabourContractFactory, WorkerFactory
from yiguoji import scope
from yiguoji.core.models import RevealLog
from yiguoji.core.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_user(make_user):
    return make_user(Role.TOWNSHIP)


def details(places, **kwargs):
    values = {"name": "王建军", "township": places["chadao"].township, "village": places["chadao"]}
    return PersonDetails(**(values | kwargs))


def test_registering_derives_birth_date_sex_and_protects_the_numbers(
    township_user, places, ids, cards
):
    worker = worker_register(
        acting_user=township_user,
        id_number=f" {ids[0].lower()} ",
        details=details(
            places, bank_card=cards[0], phone="13910001000", priority_groups=["lifted"]
        ),
    )
    worker.refresh_from_db()
    assert worker.birth_date.isoformat() == f"{ids[0][6:10]}-{ids[0][10:12]}-{ids[0][12:14]}"
    assert worker.get_sex_display() == ("男" if int(ids[0][16]) % 2 else "女")
    assert worker.id_number_encrypted.reveal() == ids[0]
    assert str(worker.id_number_encrypted) == "（已加密）"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id_number_encrypted, bank_card_encrypted, id_masked, bank_card_masked "
            "FROM payroll_worker WHERE id = %s",
            [worker.pk],
        )
        id_cipher, card_cipher, id_masked, card_masked = cursor.fetchone()
    assert ids[0].encode() not in bytes(id_cipher) and cards[0].encode() not in bytes(card_cipher)
    assert id_masked == ids[0][:6] + "********" + ids[0][-4:]
    assert card_masked.endswith(cards[0][-4:]) and cards[0][4:-4] not in card_masked


def test_re_registering_a_known_id_points_to_the_existing_person(township_user, places, ids):
    first = worker_register(acting_user=township_user, id_number=ids[0], details=details(places))
    with pytest.raises(AlreadyRegistered) as known:
        worker_register(
            acting_user=township_user, id_number=ids[0], details=details(places, name="王建国")
        )
    assert known.value.worker == first
    assert Worker.objects.count() == 1
    assert worker_find(id_number=ids[0].lower()) == first


def test_the_database_itself_refuses_a_second_record(places, ids):
    WorkerFactory(id_number=ids[0])
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkerFactory(id_number=ids[0])


def test_invalid_numbers_are_refused_with_the_reason(township_user, places, ids):
    bad = ids[0][:17] + ("1" if ids[0][17] == "0" else "0")
    with pytest.raises(ValidationError, match="公民身份号码校验码错误"):
        worker_register(acting_user=township_user, id_number=bad, details=details(places))
    with pytest.raises(ValidationError, match="银行卡号不是有效的银行卡号"):
        worker_register(
            acting_user=township_user,
            id_number=ids[0],
            details=details(places, bank_card="6217000010001234560"),
        )


def test_a_township_registers_its_own_people_only(township_user, places, ids):
    with pytest.raises(ValidationError, match="只能登记本乡镇"):
        worker_register(
            acting_user=township_user,
            id_number=ids[0],
            details=details(places, township=places["xiwuli"].township, village=None),
        )
    with pytest.raises(ValidationError, match="岔道村不属于张山营镇"):
        worker_register(
            acting_user=township_user,
            id_number=ids[0],
            details=details(places, township=places["xiwuli"].township),
        )


def test_updating_keeps_the_identity_and_replaces_the_card_only_when_given(
    township_user, places, ids, cards
):
    worker = worker_register(
        acting_user=township_user, id_number=ids[0], details=details(places, bank_card=cards[0])
    )
    worker = worker_update(
        acting_user=township_user, worker=worker, details=details(places, name="王建军", phone="")
    )
    assert worker.bank_card_encrypted.reveal() == cards[0]
    worker = worker_update(
        acting_user=township_user, worker=worker, details=details(places), new_bank_card=cards[1]
    )
    assert worker.bank_card_encrypted.reveal() == cards[1]
    assert worker.id_number_encrypted.reveal() == ids[0]


def test_other_townships_cannot_change_a_person(make_user, places, ids):
    worker = WorkerFactory(id_number=ids[0], township=places["xiwuli"].township)
    with pytest.raises(PermissionDenied):
        worker_update(acting_user=make_user(Role.TOWNSHIP), worker=worker, details=details(places))


def test_each_full_reveal_is_logged(township_user, places, ids, cards):
    worker = WorkerFactory(id_number=ids[0], card=cards[0], township=places["chadao"].township)
    assert (
        worker_reveal(acting_user=township_user, worker=worker, field="id_number", ip="10.0.0.8")
        == ids[0]
    )
    assert worker_reveal(acting_user=township_user, worker=worker, field="bank_card") == cards[0]
    logs = list(RevealLog.objects.order_by("at", "pk").values_list("user", "field", "ip"))
    assert logs == [
        (township_user.pk, "公民身份号码", "10.0.0.8"),
        (township_user.pk, "银行卡号", None),
    ]


@pytest.mark.parametrize("role", [Role.DISTRICT_OFFICE, Role.DEPARTMENT, Role.LEADER])
def test_roles_that_do_not_need_full_numbers_cannot_reveal(role, make_user, places, ids):
    worker = WorkerFactory(id_number=ids[0])
    with pytest.raises(PermissionDenied):
        worker_reveal(acting_user=make_user(role), worker=worker, field="id_number")
    assert not RevealLog.objects.exists()


def test_finance_reveals_cards_but_not_id_numbers(make_user, ids, cards):
    worker = WorkerFactory(id_number=ids[0], card=cards[0])
    finance = make_user(Role.FINANCE)
    assert worker_reveal(acting_user=finance, worker=worker, field="bank_card") == cards[0]
    with pytest.raises(PermissionDenied):
        worker_reveal(acting_user=finance, worker=worker, field="id_number")


def test_a_reveal_outside_the_scope_is_refused(make_user, places, ids):
    worker = WorkerFactory(id_number=ids[0], township=places["xiwuli"].township)
    with pytest.raises(PermissionDenied):
        worker_reveal(acting_user=make_user(Role.TOWNSHIP), worker=worker, field="id_number")


def test_bulk_reveal_logs_one_row_per_person(make_user, ids):
    unit = make_user(Role.PROJECT_UNIT)
    workers = [WorkerFactory(id_number=number) for number in ids[:3]]
    revealed = workers_reveal(acting_user=unit, workers=workers, field="id_number", purpose="名册")
    assert revealed == {w.pk: n for w, n in zip(workers, ids[:3], strict=True)}
    assert RevealLog.objects.filter(purpose="名册").count() == 3


def test_worker_scope_by_role(make_user, places, ids):
    own = WorkerFactory(id_number=ids[0], township=places["chadao"].township)
    other = WorkerFactory(id_number=ids[1], township=places["xiwuli"].township)
    unit = make_user(Role.PROJECT_UNIT)
    hired = LabourContractFactory(worker=WorkerFactory(id_number=ids[2]))
    hired.project.owner = unit.organisation
    hired.project.save()

    def visible(user):
        return set(scope.restrict(Worker.objects.all(), user))

    assert visible(make_user(Role.TOWNSHIP)) == {own}
    assert visible(unit) == {hired.worker}
    assert visible(make_user(Role.LABOUR_BUREAU)) == {own, other, hired.worker}
    assert visible(make_user(Role.AUDITOR)) == {own, other, hired.worker}
    assert visible(make_user(Role.LEADER)) == set()
