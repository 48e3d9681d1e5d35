"""Registering and maintaining workers in the real-name register (plan task 4).

One person, one record, district-wide: the resident ID number is the identity. Registering a
number that is already in the register does not create anything; it raises
:class:`AlreadyRegistered` carrying the existing person, so the caller can point to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from payroll import capabilities as caps
from payroll import identity
from payroll.choices import PayMethod
from payroll.models import WageLine, Worker
from payroll.models.ledgers import EDITABLE
from yiguoji import scope
from yiguoji.core import access
from yiguoji.core.audit import acting_as
from yiguoji.core.models import Township, Village
from yiguoji.core.roles import Role


class AlreadyRegistered(Exception):
    """The resident ID number belongs to a person already in the register."""

    def __init__(self, worker: Worker) -> None:
        super().__init__(f"worker {worker.pk} already registered")
        self.worker = worker


@dataclass
class PersonDetails:
    """What a register entry holds besides the identity (form or import row)."""

    name: str
    township: Township
    village: Village | None = None
    phone: str = ""
    bank_card: str | None = None
    bank: str = ""
    priority_groups: Sequence[str] = ()
    skills: Sequence[str] = ()
    note: str = ""
    from_elsewhere: bool = False  # art. 45: home outside the district


def worker_find(*, id_number: str) -> Worker | None:
    """The person with this (valid) ID number, found through the blind index, or None.

    Not scoped: callers decide what of the person the user may see (a project unit looking up a
    person to hire them sees only what hiring needs).
    """
    number = identity.clean_resident_id(id_number)
    return (
        Worker.objects.select_related("township", "village")
        .filter(id_index__in=identity.id_indexes(number))
        .first()
    )


def check_place(*, acting_user, township: Township, village: Village | None) -> None:
    """The village lies in the township; a township registers only its own people."""
    if village is not None and village.township_id != township.pk:
        raise ValidationError({"village": f"{village.name}不属于{township.name}"})
    own_only = acting_user is not None and acting_user.role == Role.TOWNSHIP
    if own_only and township.pk != acting_user.township_id:
        raise ValidationError({"township": "只能登记本乡镇（街道）的务工人员"})


def worker_register(*, acting_user, id_number: str, details: PersonDetails) -> Worker:
    """Add a person to the register; :class:`AlreadyRegistered` if the ID number is known."""
    access.require(acting_user, caps.REGISTER_WORKERS)
    number = identity.clean_resident_id(id_number)
    card = identity.clean_bank_card(details.bank_card) if details.bank_card else None
    check_place(acting_user=acting_user, township=details.township, village=details.village)
    existing = Worker.objects.filter(id_index__in=identity.id_indexes(number)).first()
    if existing is not None:
        raise AlreadyRegistered(existing)
    worker = Worker(
        registered_by_id=getattr(acting_user, "organisation_id", None),
        created_by=acting_user,
    )
    worker.set_id_number(number)
    _apply(worker, details, card)
    try:
        with transaction.atomic(), acting_as(acting_user):
            worker.save()
    except IntegrityError:  # registered by someone else a moment ago
        raise AlreadyRegistered(Worker.objects.get(id_index=worker.id_index)) from None
    return worker


def worker_update(
    *, acting_user, worker: Worker, details: PersonDetails, new_bank_card: str | None = None
) -> Worker:
    """Correct a person's details. The ID number is the identity and is never changed here; a
    new bank card number replaces the old one only when given."""
    access.require(acting_user, caps.REGISTER_WORKERS)
    card = identity.clean_bank_card(new_bank_card) if new_bank_card else None
    check_place(acting_user=acting_user, township=details.township, village=details.village)
    with transaction.atomic(), acting_as(acting_user):
        locked = Worker.objects.select_for_update().get(pk=worker.pk)
        if not scope.can(acting_user, scope.CHANGE, locked):
            raise PermissionDenied("您不能修改该务工人员的信息")
        _apply(locked, details, card if new_bank_card else ...)
        locked.save()
        if new_bank_card:
            _refresh_open_ledger_cards(locked)
        scope.ensure(acting_user, scope.VIEW, locked)
    return locked


def _refresh_open_ledger_cards(worker: Worker) -> int:
    """Bank-card lines of ledgers still being prepared (draft, returned) pay into the card the
    register holds now (issue 10 item 19): the ledger and its PDF no longer show a stale card or
    "—". Submitted and filed ledgers keep the card they were submitted with."""
    sealed = worker.bank_card_encrypted
    return WageLine.objects.filter(
        worker=worker, method=PayMethod.BANK_CARD, ledger__status__in=EDITABLE
    ).update(
        card_encrypted=getattr(sealed, "token", sealed),
        card_index=worker.bank_card_index,
        card_masked=worker.bank_card_masked,
    )


def _apply(worker: Worker, details: PersonDetails, card) -> None:
    """Copy the details onto ``worker``; ``card`` is a checked number, None, or ``...`` (keep)."""
    worker.name = details.name.strip()
    worker.township = details.township
    worker.village = details.village
    worker.phone = identity.clean_phone(details.phone) if details.phone else ""
    worker.bank = details.bank.strip()
    worker.priority_groups = list(dict.fromkeys(details.priority_groups))
    worker.skills = clean_skills(details.skills)
    worker.note = details.note.strip()
    worker.from_elsewhere = details.from_elsewhere
    if card is not ...:
        worker.set_bank_card(card)
    if not worker.name:
        raise ValidationError({"name": "请填写姓名"})


def clean_skills(skills: Sequence[str]) -> list[str]:
    """Skill words without blanks or repeats, in the order given ("砌石、钢筋" -> two words)."""
    words: list[str] = []
    for skill in skills:
        for word in str(skill).replace("，", "、").replace(",", "、").split("、"):
            word = word.strip()[:20]
            if word and word not in words:
                words.append(word)
    return words
