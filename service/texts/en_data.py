"""English texts for the data feature (merged into the one catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
