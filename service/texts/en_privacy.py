"""English texts for privacy and security (merged into the one catalogue)."""

from __future__ import annotations

from service.texts.catalogue import M, catalogue

MESSAGES = catalogue(
    # ---- /privacy ---------------------------------------------------------------------------
    M("cmd_privacy", "What I store about you, why, and for how long"),
    M(
        "privacy_text",
        "🔒 Your data\n"
        "\n"
        "What I store:\n"
        "• this chat's number, so I can write to you (before you agree at /start, that is all I "
        "store; “Not now” deletes even that)\n"
        "• your settings: time zone, check-in time, affected side, treatment, pauses, and the "
        "name or identifier for your doctor's report if you set one\n"
        "• your care team's phone numbers (surgical team, Botox clinic), if you give them\n"
        "• your check-ins: spasm frequency, severity and impact on daily life (0–4 each) and any "
        "notes you write\n"
        "• what you record about your treatment: Botox injections and their effect, "
        "appointments, surgery follow-up, medications and doses taken or skipped\n"
        "• the reminders planned for you and whether each was sent\n"
        "• when you agreed, and to which version of this text\n"
        "\n"
        "What I don't store: your Telegram name, username or phone number, photos, stickers or "
        "voice messages. (If you share your diary with /share, I keep the first name you use on "
        "Telegram, so that the people you invite know whose diary it is.) A shared location is "
        "only used to find your time zone; I keep the zone, not the place.\n"
        "\n"
        "Why: only to keep your diary, send your reminders and show you summaries. I share "
        "nothing unless you choose to with /share, and then only what you choose, with the "
        "people you invite. I show no ads and do no analytics.\n"
        "\n"
        "Who can see it: you, and what you choose in /share, the people you invite. Nobody "
        "reads your answers as they come in. The people who run this "
        "bot can reach the database on their server, and Telegram carries our messages (bot "
        "chats are not end-to-end encrypted). The bot's technical logs hold no answers, notes or "
        "medications; they may hold this chat's number when something goes wrong.\n"
        "\n"
        "How long: until you delete it. /pause, or blocking me, stops the messages but keeps "
        "your data, so you can come back.\n"
        "\n"
        "Your choices:\n"
        "/export – download everything I store about you (a zip with spreadsheet files)\n"
        "/delete – delete everything about you, at once and for good\n"
        "/settings – see and change your settings",
    ),
    M(
        "privacy_consent_given",
        "You agreed on {date} at {time} UTC (privacy text version {version}).",
    ),
    M(
        "privacy_consent_none",
        "You have not agreed to anything yet; send /start when you are ready.",
    ),
    # ---- guard (flooding, edits) --------------------------------------------------------------
    M(
        "guard_flood",
        "You are sending messages faster than I can read them. I'll pause for {minutes} "
        "minute(s) and ignore what arrives meanwhile; then please carry on.",
    ),
    M(
        "guard_edit_ignored",
        "I don't read edited messages, so nothing was changed. Please send the corrected text as "
        "a new message.",
    ),
)
