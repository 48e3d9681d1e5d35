"""Importing the real-name register from Excel (务工人员登记表), all or nothing.

Checks, in the engine's order: every cell (name; resident ID: length, birth date, check digit,
not a number that lost its digits; bank card: Luhn; phone; groups), repeats inside the file (ID
number, bank card), then against the register in one query each: a person already registered is
refused ("one person, one record"), unless the row's 登记类型 says 变更 (then their phone, bank
card, bank, township and village are updated from the cells that are filled in, issue 10 item
23); a bank card registered to someone else is refused (wages go to the worker's own card, plan
task 9). New people are written with one COPY, encrypted in bulk; changes with one UPDATE, both
audited (the pghistory triggers, with the user and "worker import" as the context).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from payroll import capabilities as caps
from payroll import identity
from payroll.choices import Sex
from payroll.identity import CARD_PURPOSE
from payroll.importers.common import (
    PHONE,
    SKILL_SYNONYMS,
    SkillWords,
    any_of,
    known_workers,
    person_columns,
    place_columns,
    register_indexes,
    resolve_places,
)
from payroll.models import Worker
from yiguoji import scope
from yiguoji.core import access, crypto
from yiguoji.core.audit import acting_as
from yiguoji.imports import Column, ImportSpec, RowSet, copy_rows, fields

NEW, UPDATE = "new", "update"
ACTIONS = {"新增": NEW, "变更": UPDATE}
ACTION_SYNONYMS = {
    "新登记": NEW, "登记": NEW, "新": NEW,
    "更新": UPDATE, "修改": UPDATE, "更新信息": UPDATE, "变更信息": UPDATE, "更正": UPDATE,
}  # fmt: skip
COPY_FIELDS = (
    "name", "id_number_encrypted", "id_index", "id_masked", "birth_date", "sex", "phone",
    "bank_card_encrypted", "bank_card_index", "bank_card_masked", "bank", "township", "village",
    "priority_groups", "skills", "note", "registered_by", "created_by", "created_at",
    "updated_at", "from_elsewhere", "home_province", "home_county",
)  # fmt: skip
# art. 45: a worker whose home is outside the district (外地务工人员), said in the sheet.
ELSEWHERE = {"外地": True, "本地": False}
ELSEWHERE_SYNONYMS = {
    "是": True, "外地务工人员": True, "外省": True, "区外": True,
    "否": False, "本区": False,
}  # fmt: skip


class WorkerImport(ImportSpec):
    title = "务工人员登记表"
    instructions = (
        "每人一行；公民身份号码是唯一标识，已在名册中的人员不能重复登记。",
        "已在名册中的人员要更新联系电话、银行卡号、开户银行、乡镇（街道）或村（社区）时，"
        "在“登记类型”列填写“变更”：只更新填写了的列，空着的列保持不变；姓名须与名册一致。",
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
            Column(
                "from_elsewhere",
                "户籍类型",
                fields.choice(ELSEWHERE, ELSEWHERE_SYNONYMS),
                synonyms=("外地务工人员", "是否外地务工人员", "本地/外地", "户籍"),
                required=False,
                note="户籍在本区以外的填“外地”（第四十五条），不填为本地；户籍省份、县由身份证号码得出",
            ),
            Column(
                "action",
                "登记类型",
                fields.choice(ACTIONS, ACTION_SYNONYMS),
                synonyms=("办理类型", "操作类型", "新增或变更", "新增/变更"),
                required=False,
                note="不填为新增；已在名册中的人员填“变更”，更新其联系电话、银行卡、乡镇和村",
            ),
        ]

    def clean_rows(self, rows: RowSet, ctx) -> None:
        user = ctx.get("user")
        for row in rows:
            if row.get("sex") and row["sex"] != identity.sex_of(row["id_number"]):
                rows.error(row, "sex", "与公民身份号码不符（第17位单数为男、双数为女）")
        known = known_workers(rows)
        changes = [row for row in rows if row.get("action") == UPDATE]
        allowed = _changeable(
            user, [known[r["id_index"]] for r in changes if r["id_index"] in known]
        )
        placed = []
        for row in rows:
            worker = known.get(row["id_index"])
            row["worker"] = worker
            if row.get("action") != UPDATE:
                if worker is not None:
                    rows.error(
                        row,
                        "id_number",
                        f"该人员已在务工人员名册中（{worker.township.name}登记），不能重复登记；"
                        f"如需更新其联系电话、银行卡号、村，请在“{_action_header(rows)}”列"
                        "填写“变更”",
                    )
                placed.append(row)
            elif worker is None:
                rows.error(
                    row, "id_number", "名册中没有该人员，不能变更；新登记请将登记类型填为“新增”"
                )
            elif worker.name != row["name"]:
                masked = worker.name[:1] + "*" * (len(worker.name) - 1)
                rows.error(row, "name", f"该公民身份号码在名册中的姓名为“{masked}”，与本行不一致")
            elif worker.pk not in allowed:
                rows.error(
                    row,
                    "id_number",
                    f"该人员登记在{worker.township.name}，您不能变更其信息，请由该乡镇（街道）办理",
                )
            else:
                if not row.get("township"):
                    row["township"] = worker.township_id  # stays where registered
                placed.append(row)
        resolve_places(rows, ctx, self.township_id, only=placed)
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
        # During a key rotation a card or ID may still be indexed under the older key.
        cards = {
            candidate: index
            for index, listed in by_index.items()
            for candidate in crypto.blind_indexes(listed[0]["bank_card"], purpose=CARD_PURPOSE)
        }
        people = register_indexes(rows)
        taken = Worker.objects.filter(any_of("bank_card_index", list(cards))).values_list(
            "bank_card_index", "id_index"
        )
        for card_index, owner_index in taken:
            for row in by_index[cards[bytes(card_index)]]:
                owner = people.get(bytes(owner_index))
                if row["id_index"] != owner:  # the same person is reported once
                    rows.error(
                        row,
                        "bank_card",
                        "该银行卡号已登记在其他务工人员名下，劳务报酬须发放至本人银行卡",
                    )

    def write(self, rows: RowSet, ctx) -> int:
        user = ctx.get("user")
        new = [row for row in rows if row["worker"] is None]
        with acting_as(user, via="worker import"):
            if new:
                write_workers(new, user)
            update_workers([row for row in rows if row["worker"] is not None])
        return len(rows)


def _action_header(rows: RowSet) -> str:
    return rows.header("action") or "登记类型"


def _changeable(user, workers: list[Worker]) -> set[int]:
    """Which of ``workers`` ``user`` may change (one query): capability and scope, as
    ``payroll.services.workers.worker_update`` requires. ``None`` is the system."""
    if not workers:
        return set()
    if user is None:
        return {worker.pk for worker in workers}
    if not access.has(user, caps.REGISTER_WORKERS):
        return set()
    candidates = Worker.objects.filter(pk__in=[worker.pk for worker in workers])
    return set(scope.restrict(candidates, user, scope.CHANGE).values_list("pk", flat=True))


def update_workers(rows) -> None:
    """Apply the filled-in cells of 变更 rows to their people (``row["worker"]``) in one UPDATE.
    An empty cell keeps what the register holds."""
    changed: list[Worker] = []
    now = timezone.now()
    for row in rows:
        worker = row["worker"]
        if row.get("phone"):
            worker.phone = row["phone"]
        if row.get("bank_card"):
            worker.set_bank_card(row["bank_card"])
        if row.get("bank"):
            worker.bank = row["bank"]
        worker.township_id = row["township_id"]
        if row.get("village_id"):
            worker.village_id = row["village_id"]
        elif worker.village_id and worker.village.township_id != worker.township_id:
            worker.village_id = None  # moved to another township without naming the village
        worker.updated_at = now
        changed.append(worker)
    if changed:
        Worker.objects.bulk_update(
            changed,
            [
                "phone", "bank_card_encrypted", "bank_card_index", "bank_card_masked", "bank",
                "township", "village", "updated_at",
            ],
            batch_size=2000,
        )  # fmt: skip


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
                bool(row.get("from_elsewhere")),
                *identity.home_of(number),
            )

    copy_rows(Worker, COPY_FIELDS, records())
