"""Demo data of the payroll app: a register of a few hundred people, two survey rounds, hires
on the demo projects and two months of attendance. Idempotent: running it again adds nothing.

People are invented: names from common surnames, resident IDs with Yanqing's area code 110229
and a correct check character, bank cards that pass the Luhn check (``payroll.samples``).
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db.models import Count, Q
from django.utils import timezone

from payroll import identity, samples
from payroll.choices import COMMON_SKILLS, ContractStatus, PriorityGroup, SkillLevel
from payroll.models import (
    AttendanceDay,
    AttendanceMonth,
    LabourContract,
    SurveyResponse,
    SurveyRound,
    Worker,
)
from payroll.selectors.hiring import explain, ranked_candidates
from payroll.services.attendance import attendance_refusals
from payroll.services.contracts import HIRING_STATUSES, default_employer
from yiguoji.core import registry
from yiguoji.core.demo import placeholder_pdf
from yiguoji.core.models import Organisation, Township, Village
from yiguoji.months import days_in_month, first_of, last_of

PEOPLE = 360
# A one-page PDF standing in for a signed scan.
SCAN = placeholder_pdf("signed scan")
TOWNSHIPS = ("八达岭镇", "张山营镇", "大庄科乡", "旧县镇", "香营乡", "四海镇", "刘斌堡乡")
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = (
    "建国", "志强", "秀英", "桂英", "玉兰", "淑珍", "春生", "海军", "建军", "国庆",
    "德明", "凤英", "长江", "永红", "丽华", "福生", "宝山", "金凤", "振华", "俊杰",
    "文斌", "秀兰", "玉梅", "春燕", "红霞", "树林", "有才", "广田", "立新", "占山",
    "继红", "晓东", "雪梅", "守田", "满仓", "二柱", "桂芝", "永刚", "宏伟", "海燕",
)  # fmt: skip
BANKS = ("北京农商银行", "中国邮政储蓄银行", "中国农业银行", "北京银行")
LEVELS = (SkillLevel.NONE, SkillLevel.NONE, SkillLevel.BASIC, SkillLevel.INTERMEDIATE)
WORK = ("土方开挖", "砌石护坡", "道路养护", "绿化养护", "施工生活区服务", "河道清淤", "普工")


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _groups(rng: random.Random) -> list[str]:
    roll = rng.random()
    if roll < 0.55:
        return []
    codes = [code for code, _ in PriorityGroup.choices]
    weights = (30, 12, 4, 8, 25, 6, 15)
    first = rng.choices(codes, weights)[0]
    return [first] if roll < 0.9 else list(dict.fromkeys([first, rng.choices(codes, weights)[0]]))


def demo_workers():
    """The people the demo registered (its own invented IDs), never the users' own: a second
    run of ``seed_demo`` surveys, hires and records attendance only for these."""
    people = samples.random_people(PEOPLE, seed=110229)
    return Worker.objects.filter(id_index__in=[identity.id_index(n) for n, *_ in people])


def seed_workers(stdout) -> list[Worker]:
    rng = random.Random(20260401)
    townships = {t.name: t for t in Township.objects.filter(name__in=TOWNSHIPS)}
    villages: dict[int, list[Village]] = {}
    for village in Village.objects.filter(township__in=townships.values()):
        villages.setdefault(village.township_id, []).append(village)
    governments = {
        org.township_id: org
        for org in Organisation.objects.filter(kind="township", township__in=townships.values())
    }
    placed = [townships[n] for n in TOWNSHIPS if n in townships and villages.get(townships[n].pk)]
    if not placed:
        stdout.write("  务工人员：没有找到演示乡镇和村，跳过")
        return []
    known = set(Worker.objects.values_list("id_index", flat=True))
    created = []
    for number, card, _birth, _male in samples.random_people(PEOPLE, seed=110229):
        # Draw every random value whether or not the person exists, so reruns stay identical.
        # About half the people live in 八达岭镇, whose demo users look at them.
        township = placed[0] if rng.random() < 0.5 else rng.choice(placed)
        village = rng.choice(villages[township.pk])
        name, groups = _name(rng), _groups(rng)
        skills = rng.sample(COMMON_SKILLS[:12], k=rng.choice((0, 1, 1, 2)))
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        bank, has_card = rng.choice(BANKS), rng.random() < 0.93
        if any(index in known for index in identity.id_indexes(number)):
            continue
        worker = Worker(
            name=name,
            phone=phone,
            bank=bank if has_card else "",
            township=township,
            village=village,
            priority_groups=groups,
            skills=skills,
            registered_by=governments.get(township.pk),
        )
        worker.set_id_number(number)
        worker.set_bank_card(card if has_card else None)
        created.append(worker)
    Worker.objects.bulk_create(created)
    stdout.write(f"  务工人员：新增 {len(created)} 人，名册共 {Worker.objects.count()} 人")
    return created


def seed_surveys(stdout) -> None:
    rng = random.Random(20260215)
    spring, _ = SurveyRound.objects.get_or_create(
        name="2026年春季劳动力就业意愿和技能摸底调查",
        defaults={
            "year": 2026,
            "starts_on": dt.date(2026, 2, 16),
            "ends_on": dt.date(2026, 3, 31),
            "status": "closed",
            "description": "按项目岗位需求摸清本区农村适龄劳动力务工意愿和技能水平（重点任务4）。",
        },
    )
    autumn, _ = SurveyRound.objects.get_or_create(
        name="2026年冬春季以工代赈务工意愿摸底调查",
        defaults={
            "year": 2026,
            "starts_on": dt.date(2026, 11, 1),
            "ends_on": dt.date(2026, 12, 20),
            "description": "为2027年项目谋划摸底，各乡镇（街道）12月20日前完成登记。",
        },
    )
    answered = set(SurveyResponse.objects.values_list("round_id", "worker_id"))
    responses = []
    workers = list(demo_workers().order_by("pk"))
    for worker in workers:
        for survey_round, share in ((spring, 0.85), (autumn, 0.3)):
            # Draw every value before deciding, so that a second run makes the same choices.
            chosen, willing = rng.random() < share, rng.random() < 0.88
            start, end = rng.choice((3, 3, 4, 4, 5)), rng.choice((9, 10, 11))
            extra = rng.sample(COMMON_SKILLS[12:], k=rng.choice((0, 1)))
            level, work, day = rng.choice(LEVELS), rng.choice(WORK), rng.randrange(20)
            if not chosen or (survey_round.pk, worker.pk) in answered:
                continue
            responses.append(
                SurveyResponse(
                    round=survey_round,
                    worker=worker,
                    township_id=worker.township_id,
                    willing=willing,
                    available_months=list(range(start, end + 1)),
                    skills=worker.skills[:1] + extra,
                    skill_level=level,
                    preferred_work=work,
                    surveyed_on=survey_round.starts_on + dt.timedelta(days=day),
                )
            )
    SurveyResponse.objects.bulk_create(responses)
    stdout.write(f"  摸底调查：2 轮，新增 {len(responses)} 份登记")


def seed_hires(stdout) -> list[LabourContract]:
    """Hire the best-ranked candidates (art. 28) into the demo projects' positions."""
    from projects.models import Position

    positions = (
        Position.objects.filter(project__status__in=HIRING_STATUSES)
        .select_related("project", "project__owner", "project__contractor", "project__collective")
        .annotate(hired=Count("labour_contracts", filter=Q(labour_contracts__status="active")))
        .order_by("project__code", "pk")
    )
    created = []
    taken = set(LabourContract.objects.filter(status="active").values_list("worker_id", flat=True))
    ours = set(demo_workers().values_list("pk", flat=True))
    for position in positions:
        if position.hired:
            continue  # seeded before (or hired by hand): leave it as it is
        wanted = min(position.headcount, 14)
        for worker in ranked_candidates(position)[: wanted * 3]:
            if wanted <= 0:
                break
            if worker.pk in taken or worker.pk not in ours:
                continue  # demo people work on one project at a time; users' people are theirs
            contract = LabourContract(
                worker=worker,
                project=position.project,
                position=position,
                employer=default_employer(position.project),
                daily_wage=position.daily_wage,
                starts_on=position.start_date,
                ends_on=position.end_date,
                ranking=str(explain(worker, position))[:200],
            )
            if len(created) % 4:  # three in four signed and scanned; the rest still to do
                contract.signed_on = position.start_date - dt.timedelta(days=2)
                contract.scan.save("劳务合同.pdf", ContentFile(SCAN), save=False)
                contract.scan_name = f"{worker.name}劳务合同.pdf"
            contract.save()
            created.append(contract)
            taken.add(worker.pk)
            wanted -= 1
    stdout.write(f"  招用：新增 {len(created)} 份劳务合同")
    return created


def seed_attendance(stdout) -> None:
    """The last two full months for every active contract, where not recorded yet."""
    rng = random.Random(20261001)
    this_month = first_of(timezone.localdate())
    months = [first_of(this_month - dt.timedelta(days=1))]
    months.insert(0, first_of(months[0] - dt.timedelta(days=1)))
    contracts = LabourContract.objects.filter(
        status=ContractStatus.ACTIVE, worker__in=demo_workers()
    ).select_related("project")
    recorded = set(AttendanceMonth.objects.values_list("project_id", "worker_id", "month"))
    day_rows, month_rows = [], []
    for contract in contracts.order_by("pk"):
        for month in months:
            if (contract.project_id, contract.worker_id, month) in recorded:
                continue
            if contract.starts_on > last_of(month) or contract.last_day < month:
                continue
            days = {}
            for number in range(1, days_in_month(month) + 1):
                day = month.replace(day=number)
                roll = rng.random()
                if contract.starts_on <= day <= contract.last_day and day.weekday() < 6:
                    if roll < 0.82:
                        days[day] = Decimal("1")
                    elif roll < 0.9:
                        days[day] = Decimal("0.5")
            refusals = attendance_refusals(
                project=contract.project, month=month, days={contract.worker_id: days}
            )
            if refusals:
                continue
            day_rows += [
                AttendanceDay(
                    project=contract.project, worker_id=contract.worker_id, date=day, amount=a
                )
                for day, a in days.items()
            ]
            month_rows.append(
                AttendanceMonth(
                    project=contract.project,
                    worker_id=contract.worker_id,
                    month=month,
                    days=sum(days.values(), Decimal("0")),
                )
            )
    AttendanceDay.objects.bulk_create(day_rows)
    AttendanceMonth.objects.bulk_create(month_rows)
    stdout.write(f"  考勤：新增 {len(month_rows)} 人月、{len(day_rows)} 条日记录")


# art. 45: 东部省份……大力吸纳中西部省份外出务工人员参与工程建设 — two people from Gansu and
# Sichuan on a key project (ch. 6), registered with the home county their ID gives.
FROM_ELSEWHERE = (
    ("马国强", "622424", dt.date(1985, 4, 2), 31),  # 甘肃省通渭县
    ("杨德福", "513427", dt.date(1979, 9, 14), 57),  # 四川省宁南县
)


def seed_from_elsewhere(stdout) -> int:
    """Register the people of ``FROM_ELSEWHERE`` (by the labour bureau) and hire them on the
    demo's first key project that hires; a second run finds them and adds nothing."""
    from payroll.services.workers import PersonDetails, worker_find, worker_register
    from projects.choices import Category, WorkSegment
    from projects.models import Position
    from yiguoji.core.models import User

    registrar = User.objects.filter(role="labour_bureau", is_active=True).order_by("pk").first()
    position = (
        Position.objects.filter(
            project__category=Category.KEY_PROJECT,
            project__status__in=HIRING_STATUSES,
            segment=WorkSegment.GENERAL,
        )
        .select_related("project")
        .order_by("project__code", "pk")
        .first()
    )
    if registrar is None or position is None:
        return 0
    project = position.project
    township = project.townships.order_by("pk").first()
    added = 0
    for name, area, birth, order in FROM_ELSEWHERE:
        number = samples.resident_id(birth, order, area=area)
        worker = worker_find(id_number=number)
        if worker is None:
            worker = worker_register(
                acting_user=registrar, id_number=number,
                details=PersonDetails(name=name, township=township, from_elsewhere=True,
                                      skills=["管道安装"], note="中西部省份外出务工（第四十五条）"),
            )  # fmt: skip
        if LabourContract.objects.filter(worker=worker).exists():
            continue  # hired before (or by a user): leave it
        hired = LabourContract.objects.filter(position=position, status="active").count()
        if hired >= position.headcount:
            break
        LabourContract.objects.create(
            worker=worker, project=project, position=position,
            employer=default_employer(project), daily_wage=position.daily_wage,
            starts_on=position.start_date, ends_on=position.end_date,
            ranking="重点工程项目吸纳中西部省份务工人员（第四十五条）",
        )  # fmt: skip
        added += 1
    stdout.write(f"  外地务工人员（第四十五条）：新招用 {added} 人")
    return added


@registry.demo_seeder(40, "务工人员名册、摸底调查、招用和考勤")
def seed_payroll(stdout) -> None:
    seed_workers(stdout)
    seed_surveys(stdout)
    seed_hires(stdout)
    seed_from_elsewhere(stdout)
    seed_attendance(stdout)
