"""The message catalogue: every key the code uses exists, and every text formats."""

from __future__ import annotations

import re
import string
from pathlib import Path

from service.texts import CATALOGUES, MESSAGES, t

SERVICE = Path(__file__).resolve().parent.parent / "service"
STATIC_KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_]+)["']""")


def test_every_static_key_used_in_code_exists() -> None:
    used = set()
    for path in SERVICE.rglob("*.py"):
        used |= set(STATIC_KEY.findall(path.read_text()))
    assert used, "no t(...) calls found: the pattern is wrong"
    assert sorted(used - MESSAGES.keys()) == []


def test_every_message_formats_with_its_placeholders() -> None:
    for key, template in MESSAGES.items():
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name}
        text = t(key, "en", **{name: "X" for name in fields})
        assert "{" not in text, key


def test_translations_have_the_same_keys_and_placeholders() -> None:
    def fields(template: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    for lang, catalogue in CATALOGUES.items():
        assert catalogue.keys() == MESSAGES.keys(), lang
        for key, template in catalogue.items():
            assert fields(template) == fields(MESSAGES[key]), (lang, key)


def test_button_labels_fit_and_ratings_start_with_their_number() -> None:
    # One button per row: 45 characters still fit a phone screen without being cut.
    for prefix in ("freq", "sev", "lower", "impact"):
        for value in range(5):
            label = MESSAGES[f"{prefix}_{value}"]
            assert label.startswith(f"{value} ") and len(label) <= 45, label
