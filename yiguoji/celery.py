"""The Celery app, configured from Django settings with the ``CELERY_`` namespace.

Tasks live in each app's ``tasks.py``; they take ids, call one service and are idempotent.
Periodic jobs are registered by apps through :func:`yiguoji.core.registry.periodic`.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiguoji.settings")

app = Celery("yiguoji")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
