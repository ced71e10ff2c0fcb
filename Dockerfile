# One image for web, worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    STATIC_ROOT=/app/staticfiles MEDIA_ROOT=/app/media

# WeasyPrint's system libraries, a font that covers Vietnamese, and procps for healthchecks.
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 libjpeg62-turbo libffi8 \
      fonts-dejavu-core fonts-dejavu-extra shared-mime-info procps gettext \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# Dependencies from the lock file first (a layer that changes only when the lock does), then
# the project itself: its packages are found by setuptools, not listed here.
COPY requirements.lock ./
RUN pip install --require-hashes -r requirements.lock
COPY . .
RUN pip install --no-deps .

RUN useradd --system --uid 1000 --home /app nscl \
 && mkdir -p /app/media /app/staticfiles \
 && chown -R nscl /app/media /app/staticfiles
USER nscl

EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
