"""Logging set-up: one line per record; secrets and patients' health data never reach a log line.

- **Secrets.** httpx logs every request URL at INFO, and a Bot API URL contains the token;
  python-telegram-bot logs the webhook secret with ``setWebhook``'s parameters at DEBUG.
  ``setup_logging`` installs a log-record factory that redacts every known secret the moment a
  record is made, so *every* handler (ours, a test's, a library's) gets redacted text; the
  ``RedactSecrets`` filter on our own handler is a second line of defence.
- **Health data.** At DEBUG, python-telegram-bot logs whole updates and every Bot API call's
  parameters and results (message texts, notes, the ratings inside callback data), aiosqlite logs
  each statement with its values, and SQLAlchemy errors carry the statement's values. The same
  factory keeps those records but replaces the content with ``[content omitted]``; aiosqlite and
  the other chatty libraries log from WARNING up only.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from typing import Any

REDACTED = "[REDACTED]"
OMITTED = "[content omitted]"
# Libraries that only ever log noise or data below WARNING.
QUIET_LOGGERS = (
    "httpx",
    "httpcore",
    "apscheduler",
    "aiosqlite",
    "matplotlib",
    "PIL",
    "alembic",  # 7+ INFO lines per start; service.db.migrate logs one instead
)
# python-telegram-bot records whose arguments hold message contents: (template, args kept).
CONTENT_RECORDS: dict[str, int] = {
    "Calling Bot API endpoint `%s` with parameters `%s`": 1,
    "Call to Bot API endpoint `%s` finished with return value `%s`": 1,
    "Processing update %s": 0,
    "Dropping pending update: %s": 0,
    "Webhook received data: %s": 0,
    "Request had the wrong secret token: %s": 0,
    # Parse errors: the raw update (service.transport.intake skips such updates before PTB sees
    # them; these stay as a second line). Their tracebacks may quote the data too.
    "Error while parsing updates! Received data was %r": 0,
    "Something went wrong processing the data received from Telegram. "
    "Received data was *not* processed! Received data was: %r": 0,
    'Can not load invalid JSON data: "%s"': 0,
}
DATA_TRACEBACKS = frozenset(t for t in CONTENT_RECORDS if "data" in t.lower())
PLACEHOLDER = re.compile(r"%[sr]")
# SQLAlchemy's error text: "[parameters: (...)]" holds the values of the failed statement.
SQL_PARAMETERS = re.compile(r"\[parameters: [^\n]*")  # a repr: all on one line

RecordFactory = Callable[..., logging.LogRecord]


class RedactSecrets(logging.Filter):
    """Replace every known secret in a record's message and arguments."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 6]

    def _clean(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        """Redact in place; never drops a record."""
        if not self.secrets:
            return True
        message = record.getMessage()
        cleaned = self._clean(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self._clean(record.stack_info)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True


def omit_content(record: logging.LogRecord) -> None:
    """Drop message contents from the library records that carry them; scrub SQL values."""
    if record.name.startswith("telegram") and isinstance(record.msg, str):
        template = record.msg
        kept = CONTENT_RECORDS.get(template)
        if kept is not None:
            args = record.args if isinstance(record.args, tuple) else (record.args,)
            record.msg = PLACEHOLDER.sub("%s", template)
            record.args = args[:kept] + (OMITTED,) * (len(PLACEHOLDER.findall(template)) - kept)
            error = record.exc_info[0] if record.exc_info else None
            if template in DATA_TRACEBACKS and error is not None:
                record.exc_info, record.exc_text = None, f"{error.__name__}: {OMITTED}"
    if record.exc_info and not record.exc_text:
        record.exc_text = logging.Formatter().formatException(record.exc_info)
    if record.exc_text and "[parameters: " in record.exc_text:
        record.exc_text = SQL_PARAMETERS.sub(f"[parameters: {OMITTED}]", record.exc_text)
    message = record.getMessage()
    if "[parameters: " in message:
        record.msg, record.args = SQL_PARAMETERS.sub(f"[parameters: {OMITTED}]", message), None


class PrivateRecords:
    """A log-record factory: every record is cleaned (content, secrets) as it is made."""

    def __init__(self, secrets: Iterable[str], base: RecordFactory) -> None:
        self.redact = RedactSecrets(secrets)
        self.base = base

    def __call__(self, *args: Any, **kwargs: Any) -> logging.LogRecord:
        """Make the record with the previous factory, then clean it."""
        record = self.base(*args, **kwargs)
        try:
            omit_content(record)
            self.redact.filter(record)
        except Exception:  # a broken record must not leak what it could not clean
            record.msg, record.args = "[unformattable log record]", None
            record.exc_info, record.exc_text = None, None
        return record


def setup_logging(level: str, secrets: Iterable[str]) -> None:
    """Configure the root logger once; keep secrets and health data out of every record."""
    secrets = list(secrets)
    factory = logging.getLogRecordFactory()
    if isinstance(factory, PrivateRecords):  # configured before: replace, don't stack
        factory = factory.base
    logging.setLogRecordFactory(PrivateRecords(secrets, factory))
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for noisy in QUIET_LOGGERS:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
