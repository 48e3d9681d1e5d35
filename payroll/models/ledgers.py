"""Wage ledgers (劳务报酬发放台账): per project per month, one line per worker (plan task 9).

Plan task 9: a uniform roster and wage ledger, confirmed by the workers' signatures, wages paid
in principle by bank card to the worker's own card, the ledger filed with the project's
department; no arrears, deductions or falsification. Art. 30: wages paid in full and on time,
never withheld or deducted; machinery rented from locals is not wages. Art. 50: false reporting
of labour and of wages is pursued.

``WageLedger`` is one version of one project's ledger for one month. The workflow is
draft -> submitted -> signed -> filed, or back to the project unit as returned (with comments);
``WageLedgerStep`` keeps every step. A filed ledger is never edited: a correction is a new
version (``previous`` points to the one it corrects) and both are kept. Which version a month's
figures come from is :meth:`WageLedgerQuerySet.counted`.

``WageLine`` is one worker's line: days, daily rate, payable (= days x rate, to the fen), paid,
pay date, method (bank card to the worker's own card; anything else with a reason), the card paid
into (encrypted, as the register keeps it), the worker's signature confirmation, remarks and the
written explanation that a warning of the checks needs before submission.

The checks themselves live in ``payroll.services.ledger_checks``; writes in
``payroll.services.ledgers``.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Exists, F, OuterRef, Q, Value
from django.utils import timezone

from payroll import identity
from payroll.choices import LedgerStatus, PayMethod, SignatureMode, SuspicionKind, SuspicionStatus
from yiguoji.core.audit import track
from yiguoji.core.crypto import BlindIndexField, EncryptedField
from yiguoji.core.querysets import ScopedQuerySet
from yiguoji.months import month_label

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0")

# States whose figures count: the project unit has stated them (submitted) and may not change
# them any more; a draft or a returned ledger counts for nothing.
COUNTED = (LedgerStatus.SUBMITTED, LedgerStatus.SIGNED, LedgerStatus.FILED)
EDITABLE = (LedgerStatus.DRAFT, LedgerStatus.RETURNED)


def user_link(verbose_name: str) -> models.ForeignKey:
    """Who did something (kept if the user is later removed: the history has the name)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def signed_scan_path(instance, filename: str) -> str:
    """Unguessable names; scans are only ever served through a scope-checked view."""
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"payroll/ledgers/{timezone.localdate():%Y}/{uuid.uuid4().hex}.{suffix}"


class WageLedgerQuerySet(ScopedQuerySet):
    def counted(self):
        """For each project and month, the version whose figures count: the newest version
        that has been submitted (submitted, signed or filed). A correction counts once it is
        submitted; until then the version it corrects does. Drafts and returned versions never
        count."""
        newer = self.model.objects.filter(previous=OuterRef("pk"), status__in=COUNTED)
        return self.filter(status__in=COUNTED).exclude(Exists(newer))

    def latest(self):
        """For each project and month, the newest version whatever its state (the one the
        project unit works on)."""
        # NOT EXISTS, not a LEFT JOIN ... IS NULL on the reverse one-to-one: PostgreSQL plans it
        # as an anti-join and estimates it right (the join form was estimated at one row and
        # every join above it became a nested loop; issue 12).
        newer = self.model.objects.filter(previous=OuterRef("pk"))
        return self.exclude(Exists(newer))


@track()
class WageLedger(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="wage_ledgers",
        verbose_name="项目",
    )
    month = models.DateField("月份", help_text="当月1日")
    version = models.PositiveSmallIntegerField("版本", default=1)
    previous = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="correction",
        verbose_name="更正的版本",
    )
    correction_reason = models.TextField("更正原因", blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=LedgerStatus.choices, default=LedgerStatus.DRAFT
    )
    # The day the month's wages must be paid by (district setting of that year, frozen here
    # when the ledger is created so that a later change of the setting does not rewrite it).
    pay_deadline = models.DateField("发放期限")
    note = models.TextField("台账说明", blank=True)

    # Totals of the lines, written by the service with every change of the lines.
    workers = models.PositiveIntegerField("人数", default=0)
    total_days = models.DecimalField("出勤天数合计", max_digits=9, decimal_places=1, default=ZERO)
    total_payable = models.DecimalField("应发合计（元）", default=ZERO, **MONEY)
    total_paid = models.DecimalField("实发合计（元）", default=ZERO, **MONEY)
    total_arrears = models.DecimalField(
        "欠发合计（元）", default=ZERO, help_text="各行应发减实发之和（只计少发的行）", **MONEY
    )

    signature_mode = models.CharField(
        "签字确认方式", max_length=10, choices=SignatureMode.choices, blank=True
    )
    signed_scan = models.FileField(
        "签字台账扫描件", upload_to=signed_scan_path, max_length=200, blank=True
    )
    signed_scan_name = models.CharField("扫描件文件名", max_length=200, blank=True)
    return_comments = models.TextField("退回意见", blank=True)

    created_by = user_link("编制人")
    created_at = models.DateTimeField("编制时间", default=timezone.now)
    submitted_by = user_link("提交人")
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    signed_by = user_link("签字确认登记人")
    signed_at = models.DateTimeField("签字确认时间", null=True, blank=True)
    filed_by = user_link("备案人")
    filed_at = models.DateTimeField("备案时间", null=True, blank=True)
    returned_by = user_link("退回人")
    returned_at = models.DateTimeField("退回时间", null=True, blank=True)
    updated_by = user_link("最后修改人")
    updated_at = models.DateTimeField("最后修改时间", default=timezone.now)
    # Raised by every write; a form carries the value it was drawn from, so that a save from a
    # page that is no longer current is refused instead of overwriting someone else's change.
    revision = models.PositiveIntegerField("修订号", default=0)

    objects = WageLedgerQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "project__code", "-version"]
        verbose_name = verbose_name_plural = "劳务报酬发放台账"
        constraints = [
            models.CheckConstraint(condition=Q(month__day=1), name="ledger_month_first_day"),
            models.UniqueConstraint(
                fields=["project", "month", "version"], name="ledger_version_once"
            ),
            models.UniqueConstraint(
                fields=["project", "month"],
                condition=Q(previous__isnull=True),
                name="ledger_one_first_version",
                violation_error_message="该项目本月已有劳务报酬发放台账",
            ),
            models.CheckConstraint(
                condition=Q(version=1, previous__isnull=True)
                | Q(version__gt=1, previous__isnull=False),
                name="ledger_version_links_previous",
            ),
            models.CheckConstraint(
                condition=Q(total_payable__gte=0) & Q(total_paid__gte=0) & Q(total_arrears__gte=0),
                name="ledger_totals_not_negative",
            ),
        ]
        triggers = [
            # A new deadline re-decides its lines' short_or_late (see WageLine; forced by
            # flipping the flag, which the lines' own trigger then recomputes).
            pgtrigger.Trigger(
                name="ledger_deadline_relines",
                operation=pgtrigger.Update,
                when=pgtrigger.After,
                level=pgtrigger.Row,
                condition=pgtrigger.Q(old__pay_deadline__df=pgtrigger.F("new__pay_deadline")),
                func="UPDATE payroll_wageline SET short_or_late = NOT short_or_late "
                "WHERE ledger_id = NEW.id; RETURN NULL;",
            )
        ]
        indexes = [
            models.Index(fields=["month", "status"]),
            models.Index(fields=["project", "month"]),
        ]

    def __str__(self) -> str:
        suffix = f"（第{self.version}版）" if self.version > 1 else ""
        return f"{self.project.code} {self.month.year}年{self.month.month}月台账{suffix}"

    @property
    def month_label(self) -> str:
        return month_label(self.month)

    @property
    def file_stem(self) -> str:
        """The name of its downloads: "YQ-2026-017-2026年05月劳务报酬发放台账[-第2版]"."""
        version = f"-第{self.version}版" if self.version > 1 else ""
        return f"{self.project.code}-{self.month:%Y年%m月}劳务报酬发放台账{version}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    @property
    def counts(self) -> bool:
        return self.status in COUNTED


# The line's own figures say "maybe owed" (issue 12): not by bank card, paid short of payable, or
# paid after its ledger's pay deadline. Kept by the database on every insert and update (and when
# a ledger's deadline changes), whatever writes the line (import COPY, forms, services, SQL), so
# the arrears list reads the few flagged lines through a partial index instead of checking a
# district's million lines against their ledgers. A candidate only: what the line was really
# paid (bank credit, recorded cash) is decided by ``payroll.selectors.paid``.
SHORT_OR_LATE_SQL = f"""
    IF TG_OP = 'UPDATE' AND NEW.paid IS NOT DISTINCT FROM OLD.paid
            AND NEW.payable IS NOT DISTINCT FROM OLD.payable
            AND NEW.pay_date IS NOT DISTINCT FROM OLD.pay_date
            AND NEW.method IS NOT DISTINCT FROM OLD.method
            AND NEW.ledger_id IS NOT DISTINCT FROM OLD.ledger_id
            AND NEW.short_or_late IS NOT DISTINCT FROM OLD.short_or_late THEN
        RETURN NEW;
    END IF;
    NEW.short_or_late := NEW.method <> '{PayMethod.BANK_CARD}' OR NEW.paid < NEW.payable
        OR COALESCE(NEW.pay_date > (
            SELECT pay_deadline FROM payroll_wageledger WHERE id = NEW.ledger_id
        ), FALSE);
    RETURN NEW;
"""


@track()
class WageLine(models.Model):
    ledger = models.ForeignKey(
        WageLedger, on_delete=models.CASCADE, related_name="lines", verbose_name="台账"
    )
    seq = models.PositiveIntegerField("序号", default=0)
    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="wage_lines",
        verbose_name="务工人员",
    )
    position = models.ForeignKey(
        "projects.Position",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="岗位",
    )
    days = models.DecimalField("出勤天数", max_digits=4, decimal_places=1)
    daily_rate = models.DecimalField("日劳务报酬标准（元）", max_digits=8, decimal_places=2)
    payable = models.DecimalField("应发金额（元）", max_digits=12, decimal_places=2)
    paid = models.DecimalField("实发金额（元）", max_digits=12, decimal_places=2, default=ZERO)
    pay_date = models.DateField("发放日期", null=True, blank=True)
    method = models.CharField(
        "发放方式", max_length=10, choices=PayMethod.choices, default=PayMethod.BANK_CARD
    )
    method_reason = models.CharField("未通过本人银行卡发放的原因", max_length=200, blank=True)
    # The card the wages went to, kept as the register keeps cards (ciphertext, blind index,
    # masked form); the index is comparable with Worker.bank_card_index ("own card" check).
    card_encrypted = EncryptedField(
        "银行卡号", purpose=identity.CARD_PURPOSE, blind_index="card_index", null=True
    )
    card_index = BlindIndexField(null=True)
    card_masked = models.CharField("银行卡号", max_length=19, blank=True)
    signed = models.BooleanField("本人签字确认", default=False)
    signed_at = models.DateTimeField("签字确认时间", null=True, blank=True)
    remarks = models.CharField("备注", max_length=200, blank=True)
    explanation = models.TextField(
        "情况说明", blank=True, help_text="有提醒（欠发、逾期发放等）的行，提交前须写明情况"
    )
    # Set by the database (trigger wage_line_short_or_late), never by Python: see above.
    short_or_late = models.BooleanField(
        "可能欠发或逾期", default=False, db_default=Value(False), editable=False
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ledger", "seq", "pk"]
        verbose_name = verbose_name_plural = "劳务报酬发放明细"
        constraints = [
            models.UniqueConstraint(fields=["ledger", "worker"], name="wage_line_worker_once"),
            models.CheckConstraint(
                condition=Q(days__gte=0) & Q(days__lte=31), name="wage_line_days_range"
            ),
            models.CheckConstraint(
                condition=Q(daily_rate__gte=0) & Q(payable__gte=0) & Q(paid__gte=0),
                name="wage_line_money_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["worker", "ledger"]),
            models.Index(
                fields=["ledger"], condition=Q(short_or_late=True), name="wage_line_short_or_late"
            ),
        ]
        triggers = [
            pgtrigger.Trigger(
                name="wage_line_short_or_late",
                operation=pgtrigger.Insert | pgtrigger.Update,
                when=pgtrigger.Before,
                level=pgtrigger.Row,
                func=SHORT_OR_LATE_SQL,
            )
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.paid}"

    @property
    def card_shown(self) -> str:
        """The masked card for pages, PDFs and exports (issue 10 item 19): the card the line
        was paid into, else, for a bank-card line, the card the register holds now (a card
        registered after the line was written), never a stale "—" while one is known."""
        if self.card_masked or self.method != PayMethod.BANK_CARD:
            return self.card_masked
        return self.worker.bank_card_masked

    @property
    def arrears(self) -> Decimal:
        """Paid short of payable (欠发), never negative."""
        return max(self.payable - self.paid, ZERO)

    @property
    def is_arrears(self) -> bool:
        return self.paid < self.payable


ARREARS = Q(paid__lt=F("payable"))


@track()
class WageLedgerStep(models.Model):
    """One step of a ledger's workflow: who moved it from which state to which, and why."""

    ledger = models.ForeignKey(
        WageLedger, on_delete=models.CASCADE, related_name="steps", verbose_name="台账"
    )
    action = models.CharField("操作", max_length=20)
    from_status = models.CharField(
        "原状态", max_length=10, choices=LedgerStatus.choices, blank=True
    )
    to_status = models.CharField("新状态", max_length=10, choices=LedgerStatus.choices)
    by = user_link("操作人")
    at = models.DateTimeField("时间", default=timezone.now)
    comment = models.TextField("说明", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["ledger", "at", "pk"]
        verbose_name = verbose_name_plural = "台账办理记录"

    def __str__(self) -> str:
        return f"{self.ledger_id} {self.action}"


@track()
class PayrollYear(models.Model):
    """The district's wage-payment rules for one year (plan task 9), set by the district office.

    The scale above which a project needs a dedicated wage account is the year's
    ``projects.ProgrammeYear.wage_account_threshold`` (set on the same district settings page
    as the wage-share target), not repeated here.
    """

    year = models.PositiveSmallIntegerField("年度", unique=True)
    pay_deadline_day = models.PositiveSmallIntegerField(
        "劳务报酬发放期限（次月几日前）",
        default=15,
        help_text="某月的劳务报酬最迟于次月该日发放；晚于该日发放记为逾期",
    )
    ledger_deadline_day = models.PositiveSmallIntegerField(
        "台账提交期限（次月几日前）",
        default=20,
        help_text="某月的发放台账最迟于次月该日提交",
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        "提前提醒天数", default=5, help_text="台账提交期限前多少天开始提醒项目单位"
    )
    updated_by = user_link("设置人")
    updated_at = models.DateTimeField("设置时间", auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = verbose_name_plural = "劳务报酬发放参数"
        constraints = [
            models.CheckConstraint(
                condition=Q(pay_deadline_day__gte=1, pay_deadline_day__lte=28)
                & Q(ledger_deadline_day__gte=1, ledger_deadline_day__lte=28)
                & Q(reminder_lead_days__lte=27),
                name="payroll_year_days_in_range",
                violation_error_message="期限应为1至28日，提前提醒天数不超过27天",
            )
        ]

    def __str__(self) -> str:
        return f"{self.year}年度劳务报酬发放参数"


@track()
class WageAccount(models.Model):
    """A project's dedicated wage account (农民工工资专用账户, plan task 9).

    Required for projects whose total investment reaches the year's threshold
    (``ProgrammeYear.wage_account_threshold``). The bank's proof of opening is the project's
    document of kind 农民工工资专用账户证明; the pledge (农民工工资支付承诺书) is a project
    document too (``projects.ProjectDocument``).
    """

    project = models.ForeignKey(
        "projects.Project",
        on_delete=models.PROTECT,
        related_name="wage_accounts",
        verbose_name="项目",
    )
    bank = models.CharField("开户银行", max_length=100)
    account_name = models.CharField("账户名称", max_length=100)
    account_number = models.CharField("账号", max_length=40)
    opened_on = models.DateField("开户日期")
    closed_on = models.DateField("销户日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)
    recorded_by = user_link("登记人")
    recorded_at = models.DateTimeField("登记时间", default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["project", "-opened_on"]
        verbose_name = verbose_name_plural = "农民工工资专用账户"
        constraints = [
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(closed_on__isnull=True),
                name="wage_account_one_open_per_project",
                violation_error_message="该项目已有在用的工资专用账户",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="wage_account_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.account_number}"


@track()
class WageSuspicion(models.Model):
    """A person paid on several projects in one month beyond what the month allows, or on the
    same dates (suspected false hiring, 虚报用工 / 劳务报酬虚报冒领, art. 50): for the district
    office to look into. Found by the checks when ledgers are submitted; marked resolved by the
    system once corrected ledgers no longer show it."""

    worker = models.ForeignKey(
        "payroll.Worker",
        on_delete=models.PROTECT,
        related_name="wage_suspicions",
        verbose_name="务工人员",
    )
    month = models.DateField("月份")
    kind = models.CharField("疑点类型", max_length=10, choices=SuspicionKind.choices)
    ledgers = models.ManyToManyField(WageLedger, related_name="suspicions", verbose_name="涉及台账")
    detail = models.TextField("疑点")
    total_days = models.DecimalField("各项目合计天数", max_digits=5, decimal_places=1)
    dates = ArrayField(models.DateField(), default=list, blank=True, verbose_name="重复日期")
    status = models.CharField(
        "状态", max_length=10, choices=SuspicionStatus.choices, default=SuspicionStatus.OPEN
    )
    found_at = models.DateTimeField("发现时间", default=timezone.now)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    reviewed_by = user_link("核查人")
    reviewed_at = models.DateTimeField("核查时间", null=True, blank=True)
    review_note = models.TextField("核查意见", blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "status", "worker__name"]
        verbose_name = verbose_name_plural = "虚报用工疑点"
        constraints = [
            models.UniqueConstraint(fields=["worker", "month", "kind"], name="wage_suspicion_once"),
            models.CheckConstraint(condition=Q(month__day=1), name="wage_suspicion_month_first"),
        ]

    def __str__(self) -> str:
        return f"{self.worker} {self.month:%Y-%m} {self.get_kind_display()}"
