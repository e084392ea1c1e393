# syntax=docker/dockerfile:1
# Production image of the Tamin portal: one image for web, workers and beat.
# Build:  docker build -t tamin-portal .     Run: see docker-compose.yml and docs/deploy.md.

# --- Stage 1: front-end assets from npm (nothing third-party is committed) ----
FROM node:20-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
# The same script `make assets` runs, so the image and `make run` serve the same files.
COPY scripts/vendor-assets.sh scripts/
RUN sh scripts/vendor-assets.sh node_modules static/vendor

# --- Stage 2: the Python application -------------------------------------------
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=tamin.settings.production

# WeasyPrint needs Pango (with HarfBuzz for Persian shaping) and fontconfig;
# pdftotext is not needed at run time. psycopg2-binary brings its own libpq.
RUN set -eux; \
    apt-get update; \
    apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libpangocairo-1.0-0 libharfbuzz0b \
        libharfbuzz-subset0 libcairo2 libgdk-pixbuf-2.0-0 libffi8 \
        shared-mime-info fontconfig fonts-dejavu-core; \
    rm -rf /var/lib/apt/lists/*; \
    groupadd --system tamin; \
    useradd --system --gid tamin --home-dir /app --shell /usr/sbin/nologin tamin

WORKDIR /app

# Dependencies first: this layer is rebuilt only when pyproject.toml changes.
COPY pyproject.toml ./
RUN pip install .

COPY . .
COPY --from=assets /build/static/vendor ./static/vendor

# Static files are collected at build time and served by whitenoise. Production
# settings insist on a secret and a broker URL, so the build gives throwaway ones;
# nothing is connected to.
RUN DJANGO_SECRET_KEY=collectstatic-only-not-a-secret \
    REDIS_URL=redis://127.0.0.1:6379/0 \
    DATABASE_URL=sqlite:////tmp/collectstatic.sqlite3 \
    python manage.py collectstatic --noinput \
    && mkdir -p var/private var/media var/documents \
    && chown -R tamin:tamin var

USER tamin
EXPOSE 8000

# Default command: the web process. Workers and beat override it in docker-compose.yml.
CMD ["gunicorn", "tamin.wsgi:application", \
     "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-"]
