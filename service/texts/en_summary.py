"""English texts for the summary feature (merged into the one catalogue)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
