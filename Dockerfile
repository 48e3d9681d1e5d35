# The portal's image for docker-compose: web (gunicorn + whitenoise), worker and beat.
FROM python:3.13-slim-bookworm

# The postgres service's major version (docker-compose passes it): manage.py backup / restore
# need the server's own pg_dump / pg_restore (an older pg_dump refuses a newer server), which
# Debian bookworm does not have for 18, so they come from the PostgreSQL project's apt
# repository, set up by Debian's own postgresql-common script.
ARG PG_MAJOR=18

# WeasyPrint's libraries and the CJK font the PDFs are set in; the PostgreSQL client.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-noto-cjk \
      postgresql-common ca-certificates gnupg \
 && /usr/share/postgresql-common/pgdg/apt.postgresql.org.sh -y \
 && apt-get install -y --no-install-recommends postgresql-client-${PG_MAJOR} \
 && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=yiguoji.settings \
    PG_BIN_DIR=/usr/lib/postgresql/${PG_MAJOR}/bin
WORKDIR /app
COPY pyproject.toml README.md ./
COPY yiguoji ./yiguoji
COPY projects ./projects
COPY payroll ./payroll
COPY training ./training
COPY assessment ./assessment
RUN pip install --no-cache-dir .
COPY . .
# collectstatic only needs throwaway settings values; the real ones come from .env at run time.
RUN DEBUG=false SECRET_KEY=build-only-not-a-secret-$(head -c 32 /dev/urandom | base64) \
    PERSONAL_DATA_KEY=build-only-not-a-secret-$(head -c 32 /dev/urandom | base64) \
    ALLOWED_HOSTS=localhost DATABASE_URL=postgres://build@localhost/build \
    REDIS_URL=redis://localhost:6379/0 python manage.py collectstatic --noinput \
 && useradd --create-home yiguoji && mkdir -p /app/var /backups && chown -R yiguoji /app/var /backups
USER yiguoji
EXPOSE 8000
CMD ["gunicorn", "yiguoji.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "120"]
