"""English texts for privacy and security (merged into the one catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
