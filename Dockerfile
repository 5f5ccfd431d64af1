# syntax=docker/dockerfile:1
# Production image: DKFDS assets from npm (our stylesheet built from its SCSS), Python dependencies from uv.lock, gunicorn as non-root.

FROM node:22-bookworm-slim AS assets
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund
COPY assets assets
RUN node_modules/.bin/sass --load-path=node_modules/dkfds/dist/scss --style=compressed \
    --no-source-map --quiet assets/dkfds-portal.scss dkfds-portal.min.css

FROM python:3.13-slim-bookworm AS python
RUN pip install --no-cache-dir uv==0.13.9
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PROJECT_ENVIRONMENT=/venv
WORKDIR /app
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

FROM python:3.13-slim-bookworm AS runtime
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 1000 app
ENV PATH=/venv/bin:$PATH PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=vaekstcenter.settings
WORKDIR /app
COPY --from=python /venv /venv
COPY . .
COPY --from=assets /build/node_modules/dkfds/dist/css static/vendor/dkfds/css
COPY --from=assets /build/dkfds-portal.min.css static/vendor/dkfds/css/
COPY --from=assets /build/node_modules/dkfds/dist/js static/vendor/dkfds/js
COPY --from=assets /build/node_modules/dkfds/dist/fonts static/vendor/dkfds/fonts
COPY --from=assets /build/node_modules/dkfds/dist/img static/vendor/dkfds/img
# Build-time only values: settings refuse to start without a real SECRET_KEY and DATABASE_URL.
RUN SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput -v 0 \
    && SECRET_KEY=build-only DATABASE_URL=postgres://build@localhost/build \
    python manage.py compilemessages --ignore=/venv -v 0 \
    && chown -R app:app /app
USER app
EXPOSE 8000
ENV HOST=0.0.0.0
CMD ["gunicorn", "-c", "gunicorn.conf.py", "vaekstcenter.wsgi"]
