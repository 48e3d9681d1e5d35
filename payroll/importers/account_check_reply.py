"""The bank's answer to a name-account check (户名校验, issue 13 item 1), through the one import
engine: all or nothing, errors naming the row, the column and the reason.

Each line names a check reference and the bank's result: the name matches the account, or not
(户名不符), or the account is closed, frozen or does not exist. Errors: a reference not in this
check, a card or name different from the line sent, a second answer for a line already
answered, a result the layout does not know. Written under the check's lock with one UPDATE
over the file's rows (COPYed into a temporary table).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from payroll import identity
from payroll.bankfiles.reader import reply_sheet
from payroll.choices import CheckResult, CheckStatus
from payroll.models import AccountCheck, AccountCheckLine
from payroll.services.account_checks import authorise_check
from yiguoji.core.audit import acting_as
from yiguoji.imports import Column, ImportRefused, ImportSpec, RowSet, fields, update_rows


def _parse(field: str):
    if field == "card":
        return fields.bank_card(check_luhn=False)
    if field == "name":
        return fields.person_name()
    return fields.text(max_length=200)


def reply_columns(reply: dict) -> list[Column]:
    return [
        Column(
            column["field"],
            column.get("header") or column["field"],
            _parse(column["field"]),
            synonyms=tuple(column.get("synonyms", ())),
            required=column["field"] in ("reference", "result"),
            unique=column["field"] == "reference",
        )
        for column in reply["columns"]
    ]


class AccountCheckReplyImport(ImportSpec):
    title = "户名校验银行回复"
    footer_markers = ("合计", "总计", "总笔数")

    def __init__(self, *, account_check: AccountCheck | None = None) -> None:
        self.account_check = account_check
        self.reply = account_check.layout["verify"]["reply"] if account_check else None
        self.columns = reply_columns(self.reply) if account_check else []
        self.outcomes: list[tuple[int, str, str]] = []
        self.problems: dict[int, str] = {}

    def read_sheet(self, data: bytes):
        return reply_sheet(self.reply, data, self.problems) if self.reply else None

    def clean_rows(self, rows: RowSet, ctx) -> None:
        self.user = ctx.get("user")
        if self.account_check is None:
            rows.error(None, None, "未指定户名校验批次，请在户名校验页面上传银行回复")
            return
        try:
            authorise_check(self.user, self.account_check)
        except PermissionDenied as error:
            rows.error(None, None, str(error))
            return
        for number, problem in self.problems.items():
            rows.error(number, None, problem)
        known = {
            line.reference: line
            for line in AccountCheckLine.objects.filter(
                reference__in=rows.values("reference")
            ).only(
                "pk", "account_check_id", "reference", "card_index", "card_masked",
                "account_name", "result", "answered_at",
            )
        }  # fmt: skip
        words = {
            str(word).strip(): result
            for result, values in self.reply["results"].items()
            for word in values
        }
        for row in rows:
            self._check(row, rows, known.get(row["reference"]), words)

    def _check(self, row, rows, line, words) -> None:
        reference = row["reference"]
        if line is None or line.account_check_id != self.account_check.pk:
            other = "（该参考号属于其他校验批次）" if line else ""
            rows.error(row, "reference", f"本次户名校验中没有参考号“{reference}”{other}")
            return
        if line.result != CheckResult.PENDING:
            when = timezone.localtime(line.answered_at)
            rows.error(
                row,
                "reference",
                f"该卡已于{when:%Y-%m-%d %H:%M}回复为“{line.get_result_display()}”，不能再次回复",
            )
            return
        good = True
        card = row.get("card")
        if card and identity.card_index(card) != bytes(line.card_index):
            rows.error(row, "card", f"与送校验的账号{line.card_masked}不一致")
            good = False
        name = row.get("name")
        if name and name != line.account_name:
            rows.error(row, "name", f"与送校验的户名“{line.account_name}”不一致")
            good = False
        word = row["result"]
        result = words.get(word)
        if result is None:
            known = "、".join(words)
            rows.error(row, "result", f"不认识的校验结果“{word}”（该银行格式为：{known}）")
            return
        reason = (row.get("reason") or "").strip()
        if result != CheckResult.MATCH and not reason:
            reason = CheckResult(result).label
        if good:
            self.outcomes.append((line.pk, result, reason[:200]))

    def write(self, rows: RowSet, ctx) -> int:
        check = self.account_check
        with acting_as(self.user):
            AccountCheck.objects.select_for_update().filter(pk=check.pk).first()
            written = _apply(check, self.outcomes)
            if written != len(self.outcomes):
                raise ImportRefused("有校验结果刚由他人导入，请刷新后查看，再上传银行回复")
            pending = check.lines.filter(result=CheckResult.PENDING).exists()
            AccountCheck.objects.filter(pk=check.pk).update(
                answered_at=timezone.now(),
                status=CheckStatus.GENERATED if pending else CheckStatus.ANSWERED,
            )
        return written


def _apply(check: AccountCheck, outcomes: list) -> int:
    """Record the answers with one UPDATE over the file's rows; only unanswered lines of this
    check change. Returns how many did."""
    return update_rows(
        AccountCheckLine,
        ["result", "bank_reason"],
        outcomes,
        where={"account_check": check.pk, "result": CheckResult.PENDING},
        also={"answered_at": timezone.now()},
    )
