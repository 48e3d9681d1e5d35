"""Progress callbacks are rate-limited so a Celery task can write them to a job row."""

from __future__ import annotations

from yiguoji.imports.progress import Progress


def test_calls_are_bounded_and_phases_always_reported():
    calls = []
    progress = Progress(lambda p, m: calls.append((p, m)), step=5)
    progress(0, "正在检查文件")
    for n in range(1000):
        progress(10 + n * 70 // 1000, f"正在校验第 {n} 行", phase="rows")
    progress(85, "正在核对已有数据")
    progress(100, "导入完成")
    assert calls[0] == (0, "正在检查文件")
    assert calls[-2:] == [(85, "正在核对已有数据"), (100, "导入完成")]
    assert len(calls) <= 2 + 70 // 5 + 2


def test_without_a_callback_nothing_happens():
    Progress(None)(50, "x")
