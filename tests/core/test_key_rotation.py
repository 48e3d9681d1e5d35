"""Rotating the personal-data key (issue 17 item 5): a register re-encrypted in batches,
interrupted halfway and resumed; every number still decrypts and is found by its blind index,
the old key can then be retired, and the rotation is audited."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from payroll import identity
from payroll.models import Worker
from payroll.services.workers import worker_find
from tests.payroll.factories import WorkerFactory
from yiguoji.core.models import KeyRotation
from yiguoji.core.services import keys

NEW_KEY = "rotation-test-new-key-" + "Zr8q" * 10
PEOPLE = 40


class Interrupted(Exception):
    pass


def _versions(table: str, column: str) -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT get_byte("{column}", 0) FROM "{table}" WHERE "{column}" IS NOT NULL'
        )
        return {row[0] for row in cursor.fetchall()}


@pytest.mark.django_db
def test_rotation_is_resumed_after_an_interruption_and_the_old_key_retired(settings):
    numbers = {}
    for worker in WorkerFactory.create_batch(PEOPLE):
        numbers[worker.pk] = (
            worker.id_number_encrypted.reveal(),
            worker.bank_card_encrypted.reveal(),
        )
    old = settings.PERSONAL_DATA_KEYS
    settings.PERSONAL_DATA_KEYS = ((2, NEW_KEY), *old)
    assert keys.stale_counts()["payroll_worker"] == PEOPLE

    seen = []

    def stop_halfway(table, done, total):
        seen.append((table, done, total))
        if table == "payroll_worker" and done >= PEOPLE // 2:
            raise Interrupted  # as a killed process: the batches so far are committed

    with pytest.raises(Interrupted):
        keys.personal_data_rotate(by="test", batch_size=10, progress=stop_halfway)
    assert seen[-1] == ("payroll_worker", 20, PEOPLE)
    assert _versions("payroll_worker", "id_number_encrypted") == {1, 2}
    assert _versions("payroll_worker", "id_index") == {1, 2}
    # Halfway, everyone is still found by the ID number, whichever key indexed them.
    for pk, (id_number, _card) in numbers.items():
        assert worker_find(id_number=id_number).pk == pk

    rotation = keys.personal_data_rotate(by="test", batch_size=10)
    assert rotation.runs == 2 and rotation.finished_at is not None
    assert rotation.rows_done == rotation.rows_total
    assert rotation.per_table["payroll_worker"] == PEOPLE
    assert rotation.per_table["payroll_workerevent"] >= PEOPLE  # the audit trail's copies too
    assert not any(keys.stale_counts().values())

    settings.PERSONAL_DATA_KEYS = ((2, NEW_KEY),)  # the old key retired
    for column in ("id_number_encrypted", "id_index", "bank_card_encrypted", "bank_card_index"):
        assert _versions("payroll_worker", column) == {2}
        assert _versions("payroll_workerevent", column) == {2}
    for pk, (id_number, card) in numbers.items():
        worker = worker_find(id_number=id_number)
        assert worker.pk == pk
        assert worker.id_number_encrypted.reveal() == id_number
        assert worker.bank_card_encrypted.reveal() == card
        assert bytes(worker.bank_card_index) == identity.card_index(card)
    for event in Worker.pgh_event_model.objects.all():
        assert event.id_number_encrypted.reveal() == numbers[event.pgh_obj_id][0]

    # The rotation is audited (its row and its history); the workers' history is not spammed.
    assert KeyRotation.pgh_event_model.objects.filter(pgh_obj=rotation).count() >= 2
    assert not Worker.pgh_event_model.objects.filter(pgh_label="update").exists()


@pytest.mark.django_db
def test_the_command_reports_progress_checks_and_refuses_a_missing_old_key(settings, capsys):
    WorkerFactory.create_batch(5)
    old = settings.PERSONAL_DATA_KEYS
    settings.PERSONAL_DATA_KEYS = ((3, NEW_KEY), *old)
    with pytest.raises(CommandError, match="尚有"):
        call_command("rotate_personal_data_key", "--check")
    call_command("rotate_personal_data_key", "--batch-size", "2")
    out = capsys.readouterr().out
    assert "payroll_worker: 2/5" in out and "payroll_worker: 5/5" in out
    assert "旧密钥可以" in out
    call_command("rotate_personal_data_key", "--check")

    # A key retired too early: the command names the row it cannot read.
    settings.PERSONAL_DATA_KEYS = ((4, NEW_KEY + "x"), (1, old[0][1]))
    with pytest.raises(CommandError, match=r"payroll_worker\.id_number_encrypted id="):
        call_command("rotate_personal_data_key")
