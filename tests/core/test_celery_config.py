"""The Celery configuration a fresh worker or beat process sees."""

import json
import os
import subprocess
import sys

from django.conf import settings

SCRIPT = """
import json, django
django.setup()
from yiguoji.celery import app
print(json.dumps({name: entry["task"] for name, entry in app.conf.beat_schedule.items()}))
"""


def test_beat_in_a_fresh_process_has_every_periodic_job():
    # Apps register their periodic jobs in AppConfig.ready(); a new dict assigned to
    # app.conf.beat_schedule was shadowed by settings.CELERY_BEAT_SCHEDULE, so beat ran nothing.
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "yiguoji.settings"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    schedule = json.loads(result.stdout.strip().splitlines()[-1])
    assert schedule["core.sweep_jobs"] == "core.sweep_jobs"
    assert schedule["payroll.ledger_reminders"] == "payroll.send_ledger_reminders"
    assert schedule["assessment.monthly_reports"] == "assessment.monthly_reports"
