"""Importing the real-name register from Excel (务工人员登记表), all or nothing.

Checks, in the engine's order: every cell (name; resident ID: length, birth date, check digit,
not a number that lost its digits; bank card: Luhn; phone; groups), repeats inside the file (ID
number, bank card), then against the register in one query each: a person already registered is
refused ("one person, one record"), a bank card registered to someone else is refused (wages go
to the worker's own card, plan task 9). The rows are written with one COPY, encrypted in bulk.
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from payroll import identity
from payroll.choices import Sex
from payroll.importers.common import (
    PHONE,
    SKILL_SYNONYMS,
    SkillWords,
    any_of,
    known_workers,
    person_columns,
    place_columns,
    resolve_places,
)
from payroll.models import Worker
from yiguoji.core import crypto
from yiguoji.imports import Column, ImportSpec, RowSet, copy_rows, fields

COPY_FIELDS = (
    "name", "id_number_encrypted", "id_index", "id_masked", "birth_date", "sex", "phone",
    "bank_card_encrypted", "bank_card_index", "bank_card_masked", "bank", "township", "village",
    "priority_groups", "skills", "note", "registered_by", "created_by", "created_at",
    "updated_at",
)  # fmt: skip


class WorkerImport(ImportSpec):
    title = "务工人员登记表"
    instructions = (
        "每人一行；公民身份号码是唯一标识，已在名册中的人员不能重复登记。",
        "乡镇（街道）导入本乡镇人员时可以不填“乡镇（街道）”列。",
        "整个文件全部正确才会导入；有任何错误时不导入任何数据，并列出每一处错误。",
    )

    def __init__(self, *, township_id: int | None = None):
        self.township_id = township_id  # the file's township when the sheet has no such column
        self.columns = [
            *person_columns(),
            Column("sex", "性别", fields.choice(Sex.choices), required=False),
            PHONE,
            Column(
                "bank_card",
                "银行卡号",
                fields.bank_card(),
                synonyms=("银行账号", "卡号", "银行卡号码", "收款账号", "工资卡号"),
                required=False,
                unique=True,
                width=24,
            ),
            Column(
                "bank",
                "开户银行",
                fields.text(max_length=60),
                synonyms=("开户行", "开户银行名称", "银行"),
                required=False,
            ),
            *place_columns(),
            Column(
                "skills",
                "技能",
                SkillWords(),
                synonyms=SKILL_SYNONYMS,
                required=False,
            ),
            Column("note", "备注", fields.text(max_length=200), required=False),
        ]

    def clean_rows(self, rows: RowSet, ctx) -> None:
        resolve_places(rows, ctx, self.township_id)
        for row in rows:
            if row.get("sex") and row["sex"] != identity.sex_of(row["id_number"]):
                rows.error(row, "sex", "与公民身份号码不符（第17位单数为男、双数为女）")
        known = known_workers(rows)
        for row in rows:
            worker = known.get(row["id_index"])
            if worker is not None:
                rows.error(
                    row,
                    "id_number",
                    f"该人员已在务工人员名册中（{worker.township.name}登记），不能重复登记",
                )
        self._check_cards(rows)

    def _check_cards(self, rows: RowSet) -> None:
        """A card already registered to another person is refused (wages go to one's own card)."""
        by_index: dict[bytes, list] = defaultdict(list)
        for row in rows:
            if row.get("bank_card"):
                row["bank_card_index"] = identity.card_index(row["bank_card"])
                by_index[row["bank_card_index"]].append(row)
        if not by_index:
            return
        taken = Worker.objects.filter(any_of("bank_card_index", list(by_index))).values_list(
            "bank_card_index", "id_index"
        )
        for card_index, owner_index in taken:
            for row in by_index[bytes(card_index)]:
                if row["id_index"] != bytes(owner_index):  # the same person is reported once
                    rows.error(
                        row,
                        "bank_card",
                        "该银行卡号已登记在其他务工人员名下，劳务报酬须发放至本人银行卡",
                    )

    def write(self, rows: RowSet, ctx) -> int:
        write_workers(rows, ctx.get("user"))
        return len(rows)


def write_workers(rows, user) -> None:
    """COPY new people into the register, encrypting in bulk. Rows hold checked values and
    ``id_index``, ``township_id``, ``village_id`` (and ``bank_card_index`` with a card)."""
    now = timezone.now()
    org_id = getattr(user, "organisation_id", None)
    user_id = getattr(user, "pk", None)
    id_purpose, card_purpose = identity.ID_PURPOSE, identity.CARD_PURPOSE
    encrypt, mask = crypto.encrypt, crypto.mask

    def records():
        for row in rows:
            number, card = row["id_number"], row.get("bank_card")
            yield (
                row["name"],
                encrypt(number, purpose=id_purpose),
                row["id_index"],
                mask(number, head=6, tail=4),
                identity.birth_date_of(number),
                identity.sex_of(number),
                row.get("phone") or "",
                encrypt(card, purpose=card_purpose) if card else None,
                row.get("bank_card_index"),
                mask(card, head=4, tail=4) if card else "",
                row.get("bank") or "",
                row["township_id"],
                row["village_id"],
                row.get("priority_groups") or [],
                row.get("skills") or [],
                row.get("note") or "",
                org_id,
                user_id,
                now,
                now,
            )

    copy_rows(Worker, COPY_FIELDS, records())
