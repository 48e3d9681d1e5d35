"""The figures the assessment uses (training.figures), against hand-counted fixtures.

The season (``season`` in conftest.py), counted by hand:

    S1 2026-03-10 岗前培训   培训+学校 16h, held in A: a1 16 合格, a2 16 合格, b1 12 不合格
    S2 2026-04-01 安全生产   培训+上岗  8h on P:        a1  8 合格, a3  8 合格
    S3 2026-09-01 储备性技能 培训+项目 24h on P:        a1 24 合格 (GH-1), a2 20 不合格
    S4 2025-06-01 技能提升   培训+学校 40h, held in B: b1 40 合格 (JN-1), b2 40 合格 (JN-2)

a1, a2, a3 live in township A (八达岭镇); b1, b2 in B (张山营镇).
Hired on P (in A): a1 from 04-01 (and again 07-01), a2 from 03-05, a3 from 04-01, b2 from 05-01;
on Q (in B): b1 from 03-01.
Conversions: a1 from P (管护, 2026-11-01), a3 from P (施工单位, 2026-10-15), b1 from Q (其他,
2026-11-10).
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.payroll.factories import WorkerFactory
from tests.training.factories import RecordFactory
from training import figures

pytestmark = pytest.mark.django_db
D = Decimal


def counts(figure):
    return (figure.people, figure.attendances, figure.hours, figure.passed, figure.sessions)


def test_totals(season, users):
    assert counts(figures.training_total(users.labour)) == (5, 9, D("184"), 7, 4)
    assert counts(figures.training_total(users.labour, year=2026)) == (4, 7, D("104"), 5, 3)
    total_b = figures.training_total(users.labour, township=users.township_b.organisation.township)
    assert counts(total_b) == (2, 3, D("92"), 2, 2)


def test_by_kind_lists_every_type_with_zeros(season, users):
    rows = figures.training_by(users.labour, "kind", year=2026)
    assert [(r.label, *counts(r)) for r in rows] == [
        ("岗前培训", 3, 3, D("44"), 2, 1),
        ("技能提升培训", 0, 0, D("0"), 0, 0),
        ("储备性技能培训", 2, 2, D("44"), 1, 1),
        ("安全生产培训", 2, 2, D("16"), 2, 1),
    ]
    assert rows[0].url == reverse("training:records") + "?year=2026&kind=pre_job"


def test_by_mode(season, users):
    rows = figures.training_by(users.labour, "mode", year=2026)
    assert [(r.label, r.people, r.hours) for r in rows] == [
        ("培训+上岗", 2, D("16")),
        ("培训+学校", 3, D("44")),
        ("培训+项目", 2, D("44")),
    ]


def test_by_township_counts_the_workers_township(season, users, place):
    rows = figures.training_by(users.labour, "township", year=2026)
    assert [(r.label, *counts(r)) for r in rows] == [
        ("八达岭镇", 3, 6, D("92"), 5, 3),
        ("张山营镇", 1, 1, D("12"), 0, 1),
    ]
    assert rows[1].url == reverse("training:records") + f"?year=2026&township={place.b.pk}"


def test_by_year(season, users):
    rows = figures.training_by(users.labour, "year")
    assert [(r.label, *counts(r)) for r in rows] == [
        ("2025年", 2, 2, D("80"), 2, 1),
        ("2026年", 4, 7, D("104"), 5, 3),
    ]


def test_pre_start_share(season, users, place):
    # P: a1 (岗前 03-10 before 04-01) and a3 (安全生产 on 04-01, the first day) count; a2 started
    # 03-05 before any training; b2's only training is 技能提升, not a pre-start kind.
    shares = figures.pre_start_shares(users.labour)
    assert [(s.label.split(" ", 1)[1], s.hired, s.trained, s.share) for s in shares] == [
        ("岔道村道路硬化工程", 4, 2, D("0.5000")),
        ("西五里营村灌渠工程", 1, 0, D("0.0000")),
    ]
    assert shares[0].url == reverse("training:pre_start", args=[place.project.pk])
    total = figures.pre_start_total(users.labour)
    assert (total.hired, total.trained, total.share) == (5, 2, D("0.4000"))
    only_p = figures.pre_start_shares(users.labour, project=place.project)
    assert [s.project_id for s in only_p] == [place.project.pk]
    assert figures.pre_start_shares(users.labour, township=place.b)[0].hired == 1


def test_conversions(season, users, place):
    assert figures.conversions_total(users.labour).conversions == 3
    by_project = figures.conversions_by(users.labour, "project")
    assert [(r.label.split(" ", 1)[1], r.people) for r in by_project] == [
        ("岔道村道路硬化工程", 2),
        ("西五里营村灌渠工程", 1),
    ]
    by_township = figures.conversions_by(users.labour, "township", year=2026)
    assert [(r.label, r.people) for r in by_township] == [("八达岭镇", 2), ("张山营镇", 1)]
    by_kind = figures.conversions_by(users.labour, "kind")
    assert [r.people for r in by_kind] == [1, 1, 1]
    assert [r.label for r in figures.conversions_by(users.labour, "year")] == ["2026年"]
    assert figures.conversions_total(users.labour, year=2025).people == 0
    assert by_project[0].url == reverse("training:conversions") + f"?project={place.project.pk}"


def test_figures_follow_the_users_scope(season, users):
    # township A: sessions held in A (S1-S3), whoever attended; township B: S4 and its own b1
    assert counts(figures.training_total(users.township)) == (4, 7, D("104"), 5, 3)
    assert counts(figures.training_total(users.township_b)) == (2, 3, D("92"), 2, 2)
    # the project unit of P: the sessions on P (S2, S3)
    assert counts(figures.training_total(users.unit)) == (3, 4, D("60"), 3, 2)
    assert [s.hired for s in figures.pre_start_shares(users.unit)] == [4]
    assert figures.conversions_total(users.unit_b).people == 1
    assert counts(figures.training_total(users.finance)) == (0, 0, D("0"), 0, 0)


def test_unknown_groupings_are_refused(users):
    with pytest.raises(ValueError):
        figures.training_by(users.labour, "village")
    with pytest.raises(ValueError):
        figures.conversions_by(users.labour, "mode")


@pytest.mark.parametrize("extra", [0, 27])
def test_each_figure_is_a_fixed_number_of_queries(
    season, users, place, extra, django_assert_num_queries
):
    for _ in range(extra):
        RecordFactory(session=season.s4, worker=WorkerFactory(township=place.b), hours=D("40"),
                      certificate_no="")  # fmt: skip
    user = users.township
    # warm the content-type cache that the scope's object grants use
    figures.training_total(user)
    figures.conversions_total(user)
    figures.pre_start_total(user)
    with django_assert_num_queries(1):
        figures.training_total(user)
    for by in ("kind", "mode", "township", "year"):
        with django_assert_num_queries(1):
            figures.training_by(user, by)
    with django_assert_num_queries(2):
        figures.pre_start_shares(user)
    for by in ("kind", "project", "township", "year"):
        with django_assert_num_queries(1):
            figures.conversions_by(user, by)
