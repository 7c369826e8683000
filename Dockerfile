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

# --- Layer 1: third-party dependencies, exactly as locked ---------------------
# requirements.lock pins every package with its hashes (regenerate it with
#   uv pip compile pyproject.toml --python-version 3.11 \
#       --python-platform x86_64-manylinux_2_28 --generate-hashes -o requirements.lock
# after changing dependencies), so every build installs the same bytes.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock

# --- Layer 2: the application itself ----------------------------------------
COPY pyproject.toml README.md ./
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
