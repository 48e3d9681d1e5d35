"""WSGI entry point (gunicorn yiguoji.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yiguoji.settings")
application = get_wsgi_application()
