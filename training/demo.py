"""Demo data of the training app: the 2026 training season across several townships.

Sessions of all four types and the three modes on the demo projects (八达岭镇, 张山营镇, 大庄科乡,
珍珠泉乡, the vocational school in 延庆镇), with ledgers of the demo workers hired on those
projects, a few photos, one ended session still without its ledger (a home to-do), one planned
session, a 2025 session for comparison, and a few long-term conversions. Everything goes through
the services, so the demo obeys the rules it shows. Idempotent: sessions are found by title,
ledger rows by person, conversions by person and project.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from payroll.demo import demo_workers
from payroll.models import Worker
from projects.choices import WorkSegment
from projects.models import Position, Project
from training import hiring
from training.choices import (
    CERTIFICATE_KINDS,
    ConversionKind,
    OrganiserKind,
    TrainingKind,
    TrainingMode,
)
from training.models import Conversion, TrainingRecord, TrainingSession
from training.selectors import maintenance_candidates
from training.services.conversions import conversion_create
from training.services.records import record_add
from training.services.sessions import photo_add, session_create
from yiguoji.core import registry
from yiguoji.core.demo import placeholder_pdf
from yiguoji.core.models import Organisation, Township, User

K, M, ORG = TrainingKind, TrainingMode, OrganiserKind
EVIDENCE = placeholder_pdf("evidence")


@dataclass(frozen=True)
class Spec:
    title: str
    kind: str
    mode: str
    organiser_kind: str
    organiser: str  # organisation short name
    township: str
    starts_on: dt.date
    days: int
    hours: str
    place: str
    trainer: str
    content: str
    project: str = ""  # project name
    partner: str = ""
    attendees: tuple[str, ...] = ()  # project names whose hired workers attend
    share: float = 1.0  # of those, how many came
    locals_: int = 0  # registered people of the township who are not hired on the project
    photos: int = 2
    ledger: bool = True  # False: ended or planned, ledger not entered yet
    extra: dict = field(default_factory=dict)


WALL = "八达岭镇岔道村古城墙周边步道修缮"
GRAPES = "张山营镇西五里营村葡萄园生产路硬化"
DZK_ROAD = "大庄科乡山区道路硬化"
DZK_TRAIL = "大庄科乡乡村旅游步道"
RIVER = "珍珠泉乡河道生态治理"
XIANGYING = "香营乡农田水利设施修缮"
PARKING = "八达岭镇岔道村停车场铺装"

SPECS = [
    Spec("2025年岔道村停车场铺装开工前安全生产培训", K.SAFETY, M.ON_THE_JOB, ORG.CONTRACTOR,
         "妫水建筑", "八达岭镇", dt.date(2025, 4, 9), 1, "4", "岔道村村口停车场施工现场", "周涛",
         "三级安全教育：机械作业、临时用电、个人防护用品使用", project=PARKING,
         attendees=(PARKING,), share=0.9),
    Spec("2025年大庄科乡乡村旅游步道开工前岗前培训", K.PRE_JOB, M.PROJECT, ORG.PROJECT_UNIT,
         "大庄科乡", "大庄科乡", dt.date(2025, 4, 8), 1, "8", "莲花池村村委会会议室及施工现场",
         "刘永刚", "以工代赈政策和劳务报酬发放、步道施工工序、石材搬运和砌筑要领",
         project=DZK_TRAIL, attendees=(DZK_TRAIL,), share=0.8),
    Spec("2026年大庄科乡乡村旅游步道建后管护储备性技能培训", K.RESERVE_SKILL, M.SCHOOL,
         ORG.LABOUR_BUREAU, "区人力社保局", "大庄科乡", dt.date(2026, 3, 24), 3, "24",
         "延庆区职业技能培训学校大庄科教学点", "孟凡荣",
         "步道日常巡查、排水沟清理、护栏和台阶小修、山区防火和游客安全提示",
         project=DZK_TRAIL, partner="职业技能培训学校", attendees=(DZK_TRAIL,), share=0.5),
    Spec("2026年以工代赈务工人员岗前培训（第一期）", K.PRE_JOB, M.SCHOOL, ORG.SCHOOL,
         "职业技能培训学校", "延庆镇", dt.date(2026, 5, 6), 2, "12", "延庆区职业技能培训学校实训楼",
         "孟凡荣", "以工代赈政策、劳务合同和工资发放、施工现场安全常识、小型机械操作入门",
         attendees=(WALL, GRAPES, XIANGYING, DZK_ROAD, RIVER), share=0.55),
    Spec("岔道村古城墙周边步道修缮开工前安全生产培训", K.SAFETY, M.ON_THE_JOB, ORG.CONTRACTOR,
         "妫水建筑", "八达岭镇", dt.date(2026, 5, 10), 1, "4", "岔道村古城墙步道施工现场",
         "周涛", "三级安全教育：高处作业、临边防护、石材吊运、个人防护用品使用",
         project=WALL, attendees=(WALL,), share=0.9),
    Spec("西五里营村葡萄园生产路施工现场安全生产培训", K.SAFETY, M.ON_THE_JOB, ORG.TOWNSHIP,
         "张山营镇", "张山营镇", dt.date(2026, 5, 12), 1, "4", "西五里营村葡萄园生产路施工现场",
         "高峰", "施工机械作业安全、交通疏导、夏季防暑", project=GRAPES, partner="妫水建筑",
         attendees=(GRAPES,), share=0.85),
    Spec("大庄科乡山区道路砌石护坡技能提升培训", K.SKILL_UPGRADE, M.PROJECT, ORG.PROJECT_UNIT,
         "大庄科乡", "大庄科乡", dt.date(2026, 7, 14), 3, "24", "大庄科乡山区道路K2+300施工点",
         "刘永刚", "浆砌石护坡放样、砂浆配比、勾缝工艺和质量检查", project=DZK_ROAD,
         attendees=(DZK_ROAD, DZK_TRAIL), share=0.5),
    Spec("珍珠泉乡河道生态管护储备性技能培训", K.RESERVE_SKILL, M.PROJECT, ORG.LABOUR_BUREAU,
         "区人力社保局", "珍珠泉乡", dt.date(2026, 9, 22), 3, "20", "珍珠泉乡河道治理项目现场",
         "孟凡荣", "生态护坡养护、河道垃圾清理、汛期巡查和险情报告", project=RIVER,
         attendees=(RIVER,)),
    Spec("八达岭镇冬季施工安全生产培训", K.SAFETY, M.ON_THE_JOB, ORG.TOWNSHIP, "八达岭镇",
         "八达岭镇", dt.date(2026, 11, 12), 1, "4", "岔道村古城墙步道施工现场", "刘强",
         "冬季施工防冻防滑、防火和用电安全", project=WALL, partner="妫水建筑",
         attendees=(WALL,), photos=0, ledger=False),
    Spec("2026年以工代赈务工人员岗前培训（第二期）", K.PRE_JOB, M.SCHOOL, ORG.SCHOOL,
         "职业技能培训学校", "延庆镇", dt.date(2026, 12, 8), 2, "12",
         "延庆区职业技能培训学校实训楼", "孟凡荣", "以工代赈政策、施工现场安全常识",
         photos=0, ledger=False),
]  # fmt: skip

# (project, how many of its trained workers, kind, post, employer short name or free text, date)
CONVERSIONS = [
    (DZK_TRAIL, 2, ConversionKind.MAINTENANCE, "乡村旅游步道管护员", "大庄科乡",
     dt.date(2026, 5, 1)),
    (DZK_TRAIL, 1, ConversionKind.OTHER_STABLE, "民宿服务员", "北京莲花池山居民宿（演示）",
     dt.date(2026, 6, 1)),
    (PARKING, 1, ConversionKind.CONTRACTOR_STAFF, "施工班组长", "妫水建筑", dt.date(2026, 3, 1)),
    (WALL, 1, ConversionKind.CONTRACTOR_STAFF, "砌筑工（长期）", "妫水建筑",
     dt.date(2026, 10, 8)),
]  # fmt: skip


def _photo(seed: int) -> bytes:
    """A plain picture standing in for a photo of the class (sky, hills, a banner, people)."""
    from PIL import Image, ImageDraw

    rng = random.Random(seed)
    image = Image.new("RGB", (800, 500), (178, 205, 228))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 300), (220, 170), (430, 290), (620, 160), (800, 280), (800, 500), (0, 500)],
                 fill=(106, 140, 96))  # fmt: skip
    draw.rectangle([0, 360, 800, 500], fill=(150, 128, 96))
    draw.rectangle([230, 190, 570, 240], fill=(196, 40, 40))
    for index in range(9):
        x = 90 + index * 75 + rng.randrange(-10, 10)
        draw.ellipse([x, 330, x + 26, 356], fill=(70, 50, 40))
        draw.rectangle([x - 4, 356, x + 30, 420], fill=rng.choice([(40, 80, 160), (230, 140, 20)]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


class Season:
    def __init__(self, stdout):
        self.stdout = stdout
        self.today = timezone.localdate()
        self.rng = random.Random(2026)
        self.user = User.objects.filter(role="labour_bureau", is_active=True).order_by("pk").first()
        self.orgs = {o.short_name or o.name: o for o in Organisation.objects.all()}
        self.projects = {p.name: p for p in Project.objects.prefetch_related("townships")}
        self.townships = {t.name: t for t in Township.objects.all()}

    def hired(self, project_name: str) -> list[tuple[Worker, dt.date]]:
        project = self.projects.get(project_name)
        if project is None:
            return []
        starts = {r["worker_id"]: r["started"] for r in hiring.project_starts([project.pk])}
        # only the demo's own people: users' workers hired on a demo project are theirs
        workers = demo_workers().filter(pk__in=list(starts)).order_by("pk")
        return [(worker, starts[worker.pk]) for worker in workers]

    def session(self, spec: Spec) -> TrainingSession | None:
        existing = TrainingSession.objects.filter(title=spec.title).first()
        if existing:
            return existing
        if spec.project and spec.project not in self.projects:
            return None
        return session_create(
            acting_user=self.user,
            title=spec.title,
            kind=spec.kind,
            mode=spec.mode,
            organiser_kind=spec.organiser_kind,
            organiser=self.orgs[spec.organiser],
            partner=self.orgs.get(spec.partner),
            township=self.townships[spec.township],
            project=self.projects.get(spec.project),
            starts_on=spec.starts_on,
            ends_on=spec.starts_on + dt.timedelta(days=spec.days - 1),
            hours=Decimal(spec.hours),
            place=spec.place,
            trainer=spec.trainer,
            content=spec.content,
        )

    def ledger(self, spec: Spec, session: TrainingSession) -> int:
        listed = set(session.records.values_list("worker_id", flat=True))
        people = [
            worker
            for name in spec.attendees
            for worker, _ in self.hired(name)
            if self.rng.random() < spec.share  # drawn for everyone: same choices on every run
        ]
        added = 0
        used = set(
            session.records.exclude(certificate_no="").values_list("certificate_no", flat=True)
        )
        for number, worker in enumerate(dict.fromkeys(people), start=1):
            roll = self.rng.random()
            if worker.pk in listed or not spec.ledger or session.starts_on > self.today:
                continue
            passed = roll < 0.92
            hours = session.hours - (Decimal("2") if roll > 0.85 else Decimal("0"))
            certificate = ""
            if passed and session.kind in CERTIFICATE_KINDS:
                certificate = self.certificate(session, number, used)
            record_add(
                acting_user=self.user,
                session=session,
                worker=worker,
                hours=hours,
                passed=passed,
                certificate_no=certificate,
            )
            added += 1
        return added

    @staticmethod
    def certificate(session: TrainingSession, number: int, used: set[str]) -> str:
        """The session's next certificate number not given yet (a rerun never repeats one)."""
        while True:
            candidate = f"YQPX-{session.starts_on:%Y%m}-{session.pk:03d}-{number:03d}"
            if candidate not in used:
                used.add(candidate)
                return candidate
            number += 1

    def photos(self, spec: Spec, session: TrainingSession) -> None:
        if session.photos.exists() or session.starts_on > self.today:
            return
        for number in range(spec.photos):
            caption = ("课堂讲解", "现场实操")[number % 2]
            photo_add(
                acting_user=self.user,
                session=session,
                upload=SimpleUploadedFile(f"{caption}.png", _photo(session.pk * 10 + number)),
                caption=caption,
            )

    def conversions(self) -> int:
        added = 0
        for project_name, count, kind, post, employer, day in CONVERSIONS:
            project = self.projects.get(project_name)
            if project is None or day > self.today:
                continue
            recorded = Conversion.objects.filter(project=project, kind=kind, post=post).count()
            if recorded >= count:
                continue  # seeded before
            done = set(Conversion.objects.values_list("worker_id", flat=True))
            started = {worker.pk: first for worker, first in self.hired(project_name)}
            # the project's own trained workers, best first, as its candidates page ranks them
            candidates = [
                c.worker
                for c in maintenance_candidates(project)
                if c.worker.pk not in done
                and c.worker.pk in started  # a demo person hired there (users' people are theirs)
                and started[c.worker.pk] <= day
            ]
            position = None
            if kind == ConversionKind.MAINTENANCE:
                position = Position.objects.filter(
                    project=project, segment=WorkSegment.MAINTENANCE
                ).first()
            for worker in candidates[: count - recorded]:
                organisation = self.orgs.get(employer)
                conversion_create(
                    acting_user=self.user,
                    worker=worker,
                    project=project,
                    kind=kind,
                    position=position,
                    converted_on=day,
                    employer=organisation,
                    employer_name="" if organisation else employer,
                    post=post,
                    evidence=SimpleUploadedFile(f"{worker.name}聘用证明.pdf", EVIDENCE),
                )
                added += 1
        return added


@registry.demo_seeder(60, "技能培训、培训台账和零工变长工")
def seed_training(stdout) -> None:
    season = Season(stdout)
    if season.user is None:
        stdout.write("  没有区人力社保局用户，跳过培训演示数据")
        return
    sessions = rows = 0
    for spec in SPECS:
        session = season.session(spec)
        if session is None:
            continue
        sessions += 1
        rows += season.ledger(spec, session)
        season.photos(spec, session)
    conversions = season.conversions()
    stdout.write(
        f"  培训：{sessions} 期；新增台账 {rows} 人次、零工变长工 {conversions} 人"
        f"（共 {TrainingRecord.objects.count()} 人次、{Conversion.objects.count()} 人）"
    )
