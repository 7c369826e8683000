"""Yes or no, typed instead of tapped: "yes", "ok", "that's right" / "no", "wrong", "change".

A read-back asks "— right?" with ✅ Yes and ✏️ Change buttons; many patients type the answer.
Only short, unmistakable answers count: anything longer or unclear is None (the bot then says
to tap a button), so a note or a new date is never taken for a yes.
"""

from __future__ import annotations

import re
from collections.abc import Collection

_YES = {
    "yes", "y", "yeah", "yep", "yup", "ok", "okay", "k", "right", "correct", "sure", "fine",
    "good", "true", "exactly", "confirm", "confirmed", "save", "that's right", "thats right",
    "that is right", "that's correct", "yes please", "yes it is", "yes that's right", "all right",
    "alright", "perfect", "👍", "✅", "✔", "✔️", "👌",
}  # fmt: skip
_NO = {
    "no", "n", "nope", "nah", "wrong", "not right", "incorrect", "change", "change it",
    "no it isn't", "no it's not", "that's wrong", "thats wrong", "not correct", "👎", "❌", "✏️",
}  # fmt: skip
_TRAILING = re.compile(r"[\s.!,;:]+$")


def read_yes_no(text: str, yes: Collection[str] = (), no: Collection[str] = ()) -> bool | None:
    """True for yes, False for no, None when the text is not plainly either; ``yes`` and ``no``
    add the words of the patient's language ("ja", "да", "بله" / "nein", "нет", "نه")."""
    cleaned = _TRAILING.sub("", " ".join(text.strip().lower().replace("’", "'").split()))
    cleaned = cleaned.rstrip("؟!.")
    in_no = cleaned in _NO or cleaned in no
    if (cleaned in _YES or cleaned in yes) and not in_no:
        return True
    if in_no:
        return False
    return None
