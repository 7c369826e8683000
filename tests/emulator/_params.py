"""Decoding Bot API request parameters the way Telegram does.

python-telegram-bot sends every call as form fields: ``application/x-www-form-urlencoded``,
or ``multipart/form-data`` when a file is uploaded. String values go as they are, every other
value (ints, bools, lists, dicts such as ``reply_markup``) is JSON-encoded on its own. So
``chat_id=1001``, ``disable_notification=true`` and ``reply_markup={"inline_keyboard":...}``
all arrive as strings and the type comes from the parameter, exactly as on Telegram's side.
A JSON body (used by other clients) and query-string parameters are accepted too.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ._errors import ApiError, bad_request
from ._markup import decode_json_param


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes


class Params:
    """The parameters of one request, with Telegram-like type coercion."""

    def __init__(self, values: dict[str, Any], files: dict[str, UploadedFile]) -> None:
        self.values = values
        self.files = files

    @classmethod
    async def from_request(cls, request: web.Request) -> Params:
        """Read query string plus a JSON, urlencoded or multipart body."""
        values: dict[str, Any] = dict(request.query)
        files: dict[str, UploadedFile] = {}
        if request.can_read_body:
            content_type = request.content_type
            if content_type == "application/json":
                try:
                    body = json.loads(await request.text() or "{}")
                except ValueError:
                    raise bad_request("can't parse JSON encoded request body") from None
                if not isinstance(body, dict):
                    raise bad_request("JSON object expected as request body")
                values.update(body)
            elif content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
                form = await request.post()
                for name, value in form.items():
                    if isinstance(value, web.FileField):
                        try:
                            data = value.file.read()
                        finally:
                            value.file.close()
                        files[name] = UploadedFile(name, value.filename, value.content_type, data)
                    else:
                        values[name] = value
            else:
                await request.read()
        return cls(values, files)

    def logged(self) -> dict[str, Any]:
        """Values plus a short description of uploaded files, for the call log."""
        shown = dict(self.values)
        for name, upload in self.files.items():
            shown[name] = f"<file {upload.filename!r}, {len(upload.data)} bytes>"
        return shown

    def raw(self, name: str) -> Any:
        """The value as received (``None`` when absent)."""
        return self.values.get(name)

    def get_str(self, name: str) -> str | None:
        """A string parameter; numbers are turned into their text."""
        value = self.values.get(name)
        if value is None:
            return None
        if isinstance(value, str):
            return value
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        raise bad_request(f"parameter {name!r} must be a string")

    def get_int(self, name: str) -> int | None:
        """An integer parameter (``"42"`` or ``42``)."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool):
            raise bad_request(f"parameter {name!r} must be an integer")
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise bad_request(f"parameter {name!r} must be an integer") from None

    def get_float(self, name: str) -> float | None:
        """A number parameter."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        try:
            return float(value)
        except (TypeError, ValueError):
            raise bad_request(f"parameter {name!r} must be a number") from None

    def get_bool(self, name: str) -> bool:
        """A boolean parameter (``true``/``false``/``1``/``0``); absent means ``False``."""
        value = self.values.get(name)
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        if isinstance(value, int):
            return value != 0
        return str(value).strip().lower() in ("true", "1")

    def get_json(self, name: str) -> Any:
        """A JSON-serialized parameter (``reply_markup``, ``entities``, ``allowed_updates``...)."""
        value = self.values.get(name)
        if value is None or value == "":
            return None
        return decode_json_param(name, value)

    def get_file(self, name: str) -> UploadedFile | str | None:
        """A file parameter: an uploaded part, ``attach://<part>``, or a file_id/URL string."""
        if name in self.files:
            return self.files[name]
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = value.removeprefix("attach://")
            if part not in self.files:
                raise ApiError(400, f"Bad Request: file of attach://{part} not found")
            return self.files[part]
        if value is None or value == "":
            return None
        return str(value)
