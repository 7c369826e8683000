# syntax=docker/dockerfile:1
#
# HFS Companion Telegram bot.
#   docker build -t hfs-companion .
#   docker run --env-file .env -v hfs-data:/app/data hfs-companion          # hfsbot run
#   docker run --env-file .env -v hfs-data:/app/data hfs-companion migrate  # migrations only
#
# `hfsbot run` applies the Alembic migrations and then starts the bot (long
# polling, or a webhook listener on $PORT when WEBHOOK_URL is set).

FROM python:3.11-slim

ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1

WORKDIR /app

# Unprivileged runtime user (fixed ids so volume ownership is predictable).
RUN groupadd --system --gid 10001 hfs \
    && useradd --system --uid 10001 --gid hfs --home-dir /app --no-create-home \
       --shell /usr/sbin/nologin hfs

# --- Layer 1: third-party dependencies -------------------------------------
# Only pyproject.toml (and the README it references) are copied, with an empty
# stand-in package, so this layer is rebuilt only when the dependencies change,
# not on every source edit.
#
# LOCK FILE: once a hashed lock file exists (e.g. requirements.lock generated
# by `pip-compile --generate-hashes` / `uv pip compile --generate-hashes`),
# replace the RUN below with:
#     COPY requirements.lock ./
#     RUN pip install --no-cache-dir --require-hashes -r requirements.lock
# and keep `--no-deps` on the project install in layer 2, so every third-party
# package comes from the lock file.
COPY pyproject.toml README.md ./
RUN mkdir -p service \
    && touch service/__init__.py \
    && pip install --no-cache-dir . \
    && pip uninstall --yes hfs-companion \
    && rm -rf service build ./*.egg-info

# --- Layer 2: the application itself ----------------------------------------
COPY service/ ./service/
RUN pip install --no-cache-dir --no-deps . \
    && rm -rf build ./*.egg-info

# SQLite default (DATABASE_URL=sqlite+aiosqlite:///./data/hfs.db) lives here.
RUN mkdir -p /app/data && chown hfs:hfs /app/data
VOLUME ["/app/data"]

USER hfs

# Only used in webhook mode (WEBHOOK_URL set); the listener binds to $PORT.
EXPOSE 8080

ENTRYPOINT ["hfsbot"]
CMD ["run"]
