"""Logging an injection the way a patient does: the command, whatever the bot still asks
(the day, the units), then Yes on the read-back."""

from __future__ import annotations

from tests.emulator import BotMessage, FakeUser


async def log_botox(
    user: FakeUser, text: str = "/botox", *, units: str = "Don't know"
) -> BotMessage:
    """Send ``text``; tap Today if the bot asks for the day and ``units`` if it asks for the
    units; then Yes on the read-back. The message with the saved injection."""
    reply = await user.say(text)
    if "When was your" in (reply.text or ""):
        reply = await user.press("Today")
    if "How many units" in (reply.text or ""):
        reply = await user.press(units)
    assert "— right?" in (reply.text or ""), reply.text
    saved = await user.press("✅ Yes")
    await user.next_callback_answer()  # "Saved." (so a test's next answer is its own)
    return saved
