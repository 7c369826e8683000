"""Structure checks for the deployment files (no Docker engine needed).

docker-compose.yml, Dockerfile, .dockerignore and .env.example cannot be
exercised by a real `docker build` / `docker compose up` in CI, so these tests
pin down the parts that matter: the right images, the health-gated start-up
order, the database URL, that secrets come from the environment, and that the
documented variables are the ones the settings class actually reads.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"
CONFIG = ROOT / "service" / "config.py"

# Every variable the bot reads (see service/config.py).
SETTINGS_VARIABLES = (
    "TELEGRAM_BOT_TOKEN",
    "TELEGRAM_API_BASE_URL",
    "DATABASE_URL",
    "LOG_LEVEL",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "PORT",
    "CHECKIN_FOLLOWUP_HOURS",
    "CHECKIN_GRACE_HOURS",
    "DEFAULT_TIMEZONE",
    "PAID_BROADCAST_PER_SECOND",
)

PG_DATA_DIR = "/var/lib/postgresql/data"
# Something shaped like a real bot token (digits:35-ish url-safe chars).
REAL_TOKEN_RE = re.compile(r"\b\d{6,}:[A-Za-z0-9_-]{30,}")
ENV_LINE_RE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


# --------------------------------------------------------------------------- helpers


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


@pytest.fixture(scope="module")
def services(compose: dict[str, Any]) -> dict[str, Any]:
    svcs = compose.get("services")
    assert isinstance(svcs, dict), "docker-compose.yml needs a `services:` mapping"
    return svcs


def _environment(service: dict[str, Any]) -> dict[str, str | None]:
    """A service's `environment:` as a dict, whichever syntax (map or list) it uses."""
    env = service.get("environment") or {}
    if isinstance(env, list):
        out: dict[str, str | None] = {}
        for item in env:
            key, sep, value = str(item).partition("=")
            out[key] = value if sep else None
        return out
    assert isinstance(env, dict), "`environment:` must be a mapping or a list"
    return {str(k): None if v is None else str(v) for k, v in env.items()}


def _volume_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    """(source, target) pairs from short (`src:dst[:mode]`) or long volume syntax."""
    mounts = []
    for vol in service.get("volumes") or []:
        if isinstance(vol, dict):
            mounts.append((str(vol.get("source", "")), str(vol.get("target", ""))))
        else:
            parts = str(vol).split(":")
            if len(parts) >= 2:
                mounts.append((parts[0], parts[1]))
    return mounts


def _dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with comments dropped and `\\` continuations joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1].strip() + " "
            continue
        line = pending + line
        pending = ""
        keyword, _, args = line.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "Dockerfile ends inside a line continuation"
    return instructions


def _env_example_lines() -> list[str]:
    return ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()


def _env_example_names() -> list[str]:
    """Variable names in .env.example, set (`NAME=`) or shown commented (`# NAME=`)."""
    names = []
    for line in _env_example_lines():
        match = ENV_LINE_RE.match(line.strip())
        if match:
            names.append(match.group(1))
    return names


def _config_reads(config_text: str, name: str) -> bool:
    """True if config.py declares a settings field (or alias) for env variable `name`."""
    field = re.compile(rf"^\s*{re.escape(name)}\s*:", re.IGNORECASE | re.MULTILINE)
    alias = re.compile(rf"""["']{re.escape(name)}["']""", re.IGNORECASE)
    return bool(field.search(config_text) or alias.search(config_text))


@pytest.fixture(scope="module")
def config_text() -> str:
    if not CONFIG.exists():
        pytest.skip("service/config.py does not exist yet; cannot cross-check variable names")
    return CONFIG.read_text(encoding="utf-8")


# --------------------------------------------------------------------------- compose


def test_compose_has_db_and_bot(services: dict[str, Any]) -> None:
    assert {"db", "bot"} <= set(services), f"services are {sorted(services)}"


def test_db_is_postgres_16(services: dict[str, Any]) -> None:
    image = str(services["db"].get("image", ""))
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?postgres:(\d+)(?:[.-].*)?", image)
    assert match, f"db image should be postgres:<major>, got {image!r}"
    assert int(match.group(1)) == 16, f"expected PostgreSQL 16, got {image!r}"


def test_db_credentials(services: dict[str, Any]) -> None:
    env = _environment(services["db"])
    for key in ("POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_DB"):
        assert env.get(key) == "hfs", f"db {key} should be 'hfs', got {env.get(key)!r}"


def test_named_volume_declared_and_mounted(
    compose: dict[str, Any], services: dict[str, Any]
) -> None:
    volumes = compose.get("volumes") or {}
    assert "pgdata" in volumes, "top-level `volumes:` must declare pgdata"
    assert ("pgdata", PG_DATA_DIR) in _volume_mounts(services["db"]), (
        f"db must mount the named volume pgdata at {PG_DATA_DIR}"
    )


def test_db_healthcheck_uses_pg_isready(services: dict[str, Any]) -> None:
    health = services["db"].get("healthcheck")
    assert isinstance(health, dict), "db needs a healthcheck"
    test = health.get("test")
    command = " ".join(test) if isinstance(test, list) else str(test or "")
    assert "pg_isready" in command, f"healthcheck should run pg_isready, got {command!r}"
    assert "-U hfs" in command and "-d hfs" in command, command
    for key in ("interval", "timeout", "retries"):
        assert key in health, f"healthcheck should set {key}"


def test_bot_waits_for_healthy_db(services: dict[str, Any]) -> None:
    depends = services["bot"].get("depends_on")
    assert isinstance(depends, dict), "bot depends_on must use the long form with a condition"
    assert isinstance(depends.get("db"), dict), "bot must depend on db"
    assert depends["db"].get("condition") == "service_healthy"


def test_bot_database_url_points_at_db_service(services: dict[str, Any]) -> None:
    url = _environment(services["bot"]).get("DATABASE_URL")
    assert url, "bot must set DATABASE_URL"
    parts = urlsplit(url)
    assert parts.scheme == "postgresql+asyncpg", url
    assert parts.hostname == "db", url
    assert parts.port in (None, 5432), url
    db_env = _environment(services["db"])
    assert parts.username == db_env.get("POSTGRES_USER"), url
    assert parts.password == db_env.get("POSTGRES_PASSWORD"), url
    assert parts.path.lstrip("/") == db_env.get("POSTGRES_DB"), url


def test_bot_token_comes_from_environment(services: dict[str, Any]) -> None:
    token = _environment(services["bot"]).get("TELEGRAM_BOT_TOKEN")
    assert token is not None, "bot must pass TELEGRAM_BOT_TOKEN"
    # ${VAR:?message} / ${VAR?message}: compose refuses to start when it is missing.
    assert re.fullmatch(r"\$\{TELEGRAM_BOT_TOKEN:?\?[^}]+\}", token), (
        f"TELEGRAM_BOT_TOKEN must be required via ${{TELEGRAM_BOT_TOKEN:?...}}, got {token!r}"
    )
    assert not REAL_TOKEN_RE.search(COMPOSE.read_text(encoding="utf-8")), (
        "docker-compose.yml seems to contain a hard-coded bot token"
    )


def test_bot_env_file_is_optional(services: dict[str, Any]) -> None:
    env_files = services["bot"].get("env_file")
    if env_files is None:
        return
    if not isinstance(env_files, list):
        env_files = [env_files]
    for entry in env_files:
        assert isinstance(entry, dict), (
            f"env_file {entry!r} must use the long form with `required: false`, "
            "or compose fails when .env is absent"
        )
        assert entry.get("required") is False, f"env_file {entry!r} must be optional"


def test_bot_build_command_and_restart(services: dict[str, Any]) -> None:
    bot = services["bot"]
    build = bot.get("build")
    context = build.get("context") if isinstance(build, dict) else build
    assert context in (".", "./"), f"bot should build from the repo root, got {build!r}"
    command = bot.get("command")
    assert command in ("run", ["run"]), f"bot command should be `run`, got {command!r}"
    assert bot.get("restart") in ("unless-stopped", "always"), bot.get("restart")


# --------------------------------------------------------------------------- Dockerfile


def test_dockerfile_base_image() -> None:
    froms = [args for kw, args in _dockerfile_instructions() if kw == "FROM"]
    assert froms, "Dockerfile has no FROM"
    image = froms[-1].split()[0]
    match = re.fullmatch(r"(?:docker\.io/)?(?:library/)?python:3\.(\d+)(?:\.\d+)?-slim\S*", image)
    assert match, f"final stage should be python:3.X-slim, got {image!r}"
    assert int(match.group(1)) >= 11, f"Python 3.11+ required, got {image!r}"


def test_dockerfile_runs_as_non_root() -> None:
    users = [args for kw, args in _dockerfile_instructions() if kw == "USER"]
    assert users, "Dockerfile must switch to a non-root USER"
    user = users[-1].split(":")[0].strip()
    assert user not in ("root", "0", ""), f"final USER is {users[-1]!r}"


def test_dockerfile_entrypoint_and_cmd() -> None:
    instructions = dict(_dockerfile_instructions())
    assert json.loads(instructions.get("ENTRYPOINT", "null")) == ["hfsbot"], (
        'ENTRYPOINT must be the exec form ["hfsbot"] (so signals reach the bot)'
    )
    assert json.loads(instructions.get("CMD", "null")) == ["run"]


def test_dockerfile_env_expose_and_data_dir() -> None:
    instructions = _dockerfile_instructions()
    envs = " ".join(args for kw, args in instructions if kw == "ENV")
    assert re.search(r"\bPYTHONUNBUFFERED=1\b", envs), "set PYTHONUNBUFFERED=1"
    exposed = " ".join(args for kw, args in instructions if kw == "EXPOSE").split()
    assert "8080" in exposed or "8080/tcp" in exposed, f"EXPOSE 8080, got {exposed}"
    workdirs = [args for kw, args in instructions if kw == "WORKDIR"]
    assert workdirs and workdirs[-1] == "/app", f"WORKDIR should be /app, got {workdirs}"
    runs = " ".join(args for kw, args in instructions if kw == "RUN")
    assert re.search(r"chown\s+(?:-\S+\s+)*\S+\s+/app/data\b", runs), (
        "/app/data must be created and chowned to the runtime user"
    )


def test_dockerfile_copies_what_pip_install_needs() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    needed = {"pyproject.toml", "service"}
    readme = pyproject.get("project", {}).get("readme")
    if isinstance(readme, str):
        needed.add(readme)
    copied: set[str] = set()
    for kw, args in _dockerfile_instructions():
        if kw in ("COPY", "ADD"):
            sources = [a for a in args.split() if not a.startswith("--")][:-1]
            copied.update(s.rstrip("/").removeprefix("./") for s in sources)
    assert needed <= copied, f"Dockerfile must COPY {sorted(needed - copied)}"
    ignored = {
        line.strip().rstrip("/")
        for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert not (needed & ignored), f".dockerignore excludes {sorted(needed & ignored)}"
    assert {".env", ".git"} <= ignored, ".dockerignore must keep .env and .git out of the image"


# --------------------------------------------------------------------------- .env.example


@pytest.mark.parametrize("name", SETTINGS_VARIABLES)
def test_env_example_documents_variable(name: str) -> None:
    assert name in _env_example_names(), f".env.example does not mention {name}"


def test_env_example_every_variable_has_a_comment() -> None:
    lines = _env_example_lines()
    for i, line in enumerate(lines):
        match = ENV_LINE_RE.match(line.strip())
        if not match:
            continue
        above = lines[i - 1].strip() if i else ""
        assert above.startswith("#") and not ENV_LINE_RE.match(above), (
            f".env.example: {match.group(1)} needs an explanatory comment line above it"
        )


def test_env_example_has_no_real_token() -> None:
    assert not REAL_TOKEN_RE.search(ENV_EXAMPLE.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", SETTINGS_VARIABLES)
def test_config_reads_variable(config_text: str, name: str) -> None:
    assert _config_reads(config_text, name), (
        f"service/config.py has no settings field `{name.lower()}` for {name}"
    )


def test_env_example_lists_only_real_settings(config_text: str) -> None:
    unknown = [n for n in _env_example_names() if not _config_reads(config_text, n)]
    assert not unknown, f".env.example documents variables config.py does not read: {unknown}"


# --------------------------------------------------------------------------- lock file
LOCK = ROOT / "requirements.lock"


def _requirement_names(lines: list[str]) -> set[str]:
    import re

    names = set()
    for line in lines:
        match = re.match(r"^\s*\"?([A-Za-z0-9_.-]+)", line)
        if match:
            names.add(match.group(1).lower().replace("_", "-"))
    return names


def test_lock_file_pins_every_dependency_with_hashes() -> None:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _requirement_names(project["dependencies"])
    entries: dict[str, str] = {}
    current = None
    for line in LOCK.read_text().splitlines():
        if line and not line.startswith((" ", "#")):
            name, _, version = line.split(" ")[0].partition("==")
            current = name.lower().replace("_", "-")
            assert version, f"{name} is not pinned with =="
            entries[current] = ""
        elif current and "--hash=sha256:" in line:
            entries[current] += line
    missing = {w.split("[")[0] for w in wanted} - entries.keys()
    assert not missing, f"requirements.lock lacks {sorted(missing)}: regenerate it"
    unhashed = [name for name, hashes in entries.items() if "sha256" not in hashes]
    assert not unhashed, f"no hashes for {unhashed}"


def test_docker_image_installs_from_the_lock_file() -> None:
    text = DOCKERFILE.read_text()
    assert "COPY requirements.lock" in text
    assert "--require-hashes -r requirements.lock" in text
    assert "--no-deps ." in text, "the project itself must not pull unlocked dependencies"
