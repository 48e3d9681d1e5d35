"""yiguoji: the district work-relief (以工代赈) portal.

Importing the Celery app here makes ``@shared_task`` bind to it in every process.
"""

from yiguoji.celery import app as celery_app

__all__ = ["celery_app"]
