"""Logging an injection the way a patient does: the command, whatever the bot still asks
(the day, the product, the units, the sites, who injected), then Yes on the read-back."""

from __future__ import annotations

from tests.emulator import BotMessage, FakeUser

#: The detail steps (issue 13), each skipped with one tap.
PRODUCT_ASKED = "Which product was it?"
SITES_ASKED = "Units per site?"
INJECTOR_ASKED = "Who gave you the injection?"


async def skip_details(
    user: FakeUser, reply: BotMessage, *, units: str = "Don't know"
) -> BotMessage:
    """Answer whatever detail step ``reply`` asks the short way: "Don't know" for the product,
    ``units`` for the units, Skip for the sites and who injected; the read-back (or whatever
    comes next that is none of these)."""
    for _ in range(6):
        text = reply.text or ""
        if PRODUCT_ASKED in text:
            reply = await user.press("Don't know")
        elif "How many units did you get" in text:
            reply = await user.press(units)
        elif SITES_ASKED in text or INJECTOR_ASKED in text:
            reply = await user.press("Skip")
        else:
            break
    return reply


async def log_botox(
    user: FakeUser, text: str = "/botox", *, units: str = "Don't know"
) -> BotMessage:
    """Send ``text``; tap Today if the bot asks for the day and ``units`` if it asks for the
    units; skip the product, sites and who injected; then Yes on the read-back. The message
    with the saved injection."""
    reply = await user.say(text)
    if "When was your" in (reply.text or ""):
        reply = await user.press("Today")
    reply = await skip_details(user, reply, units=units)
    assert "— right?" in (reply.text or ""), reply.text
    saved = await user.press("✅ Yes")
    await user.next_callback_answer()  # "Saved." (so a test's next answer is its own)
    return saved
