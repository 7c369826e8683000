"""English message catalogue: every user-facing string, by key. Placeholders use str.format."""

from __future__ import annotations

from service.texts.catalogue import M, catalogue

CONSENT_VERSION = "2026-11-3"

MESSAGES = catalogue(
    # ---- onboarding -------------------------------------------------------------------------
    M(
        "welcome",
        "Hello! I am HFS Companion, a diary and reminder helper for hemifacial spasm.\n"
        "\n"
        "What I do: once a day I ask four quick questions about your spasms (a few taps), remind "
        "you of what you schedule, and show you how things change over time, so you and your "
        "doctor can see it.\n"
        "\n"
        "What I am not: I do not give medical advice or diagnose, and nobody reads your answers "
        "as they come in. For anything worrying, contact your care team. In an emergency, call "
        "your local emergency number.\n"
        "\n"
        "What I store, and why: your answers, the settings you choose (time zone, check-in time, "
        "affected side, treatment, your care team's phone numbers if you give them) and your "
        "Telegram chat number, only to run your diary and reminders. You can see everything with "
        "/settings and stop with /pause at any time.\n"
        "\n"
        "Do you agree that I store this?",
    ),
    M("btn_consent_yes", "✅ I agree, let's start"),
    M("btn_consent_no", "Not now"),
    M(
        "consent_declined",
        "No problem. I have stored nothing about you. If you change your mind, send /start.",
    ),
    M("consent_needed", "Before we start, please read the welcome message and tap “I agree”."),
    M("consent_thanks", "Thank you! A few quick questions to set things up; each can be skipped."),
    M(
        "ask_timezone",
        "1/3 · Your time zone, so reminders come at your local time.\n"
        "\n"
        "Type your city (e.g. Berlin), a time zone (Europe/Berlin) or an offset (UTC+2), or tap "
        "“Share my location” below.",
    ),
    M("btn_share_location", "📍 Share my location"),
    M("btn_skip", "Skip"),
    M("timezone_set", "Time zone set: {label} (now {local_time} there)."),
    M(
        "timezone_unknown",
        "I couldn't find “{text}”. Try a city (Berlin), a time zone (Europe/Berlin) or an offset "
        "(UTC+2).",
    ),
    M("zone_words", "{city} time ({zone})"),
    M("zone_utc_words", "Coordinated Universal Time (UTC, no summer time)"),
    M("zone_default_words", "the operator's default: {zone}; not set by you"),
    M(
        "timezone_offset_fixed",
        "{offset} is a fixed offset: it will not follow summer time, so your reminders would "
        "come an hour early or late when the clocks change. Places at {offset} right now are "
        "below: tap yours, type your city, or keep the fixed offset.",
    ),
    M("btn_keep_offset", "Keep {offset} (no summer time)"),
    M("location_ask_zone", "Change your time zone to {zone}?"),
    M("btn_zone_yes", "✅ Yes"),
    M("btn_zone_no", "No"),
    M("location_zone_kept", "Okay, nothing changed: your time zone stays {zone}."),
    M("timezone_skipped", "Okay, I'll use {zone} for now. Change it any time with /timezone."),
    M(
        "ask_checkin_time",
        "2/3 · When should I ask for your daily check-in? Tap a time or type one like 20:30.",
    ),
    M("btn_checkin_off", "No daily check-in"),
    M("checkin_time_set", "Daily check-in set for {time} ({zone})."),
    M("checkin_time_off", "Daily check-in is off. You can still check in any time with /checkin."),
    M(
        "checkin_time_invalid",
        "“{text}” isn't a time I understand. Please type it like 09:00 or 20:30.",
    ),
    M("first_checkin_intro", "Let's do today's check-in now: four taps, under 20 seconds."),
    M("ask_side", "3/3 · Two last questions. Which side of your face is affected?"),
    M("btn_side_left", "Left"),
    M("btn_side_right", "Right"),
    M(
        "ask_treatment",
        "And your current treatment? Tick all that apply (e.g. Botox and medication), then tap "
        "Done.",
    ),
    M("btn_treatments_done", "✅ Done"),
    M("first_checkin_skipped", "Okay, no check-in now. You can do one any time with /checkin."),
    M("side_skipped", "Affected side: skipped (you can set it later in /settings)."),
    M("side_unchanged", "Affected side unchanged."),
    M("treatment_skipped", "Treatment: skipped (you can set it later in /settings)."),
    M("btn_treatment_none", "None"),
    M("btn_treatment_medication", "Medication"),
    M("btn_treatment_botox", "Botox injections"),
    M("btn_treatment_mvd_planned", "Surgery (MVD) planned"),
    M("btn_treatment_after_mvd", "After surgery (MVD)"),
    M(
        "onboarding_done",
        "All set! What happens next:\n"
        "{next_line}\n"
        "• Any time: /checkin to record how you are, /settings to change anything.\n"
        "• /help lists everything I can do.\n"
        "\n"
        "If your symptoms change suddenly or worry you, contact your doctor or care team.",
    ),
    M("onboarding_next_daily", "• Every day at {time} ({zone}) I'll ask four quick questions."),
    M("onboarding_next_none", "• No daily reminder is set; turn one on with /checkin_time 09:00."),
    M("welcome_back", "Welcome back! Your settings are below; /help lists every command."),
    # ---- check-in -----------------------------------------------------------------------------
    M("checkin_header", "Check-in for {date}"),
    M(
        "q_frequency",
        "How often, and for how long, did your eyelid blink, flutter or close today?",
    ),
    M(
        "q_severity",
        "How noticeable were the spasms around your eye today, and how much did they stop you "
        "doing things? (Triggers are things like bright light, wind, reading, driving.)",
    ),
    M("q_lower_face", "And around your mouth and cheek: how strong were the spasms there today?"),
    M(
        "q_impact",
        "How much did the spasms get in the way of daily life today (reading, driving, talking)?",
    ),
    M("q_note", "Anything to add? Type a short note (e.g. triggers, stress, sleep), or tap Skip."),
    M("freq_0", "0 None"),
    M("freq_1", "1 Slightly more blinking than normal"),
    M("freq_2", "2 Fluttering, under 1 second"),
    M("freq_3", "3 Spasms over 1 s; eye open most of the day"),
    M("freq_4", "4 Eye closed most of the day: can't see"),
    M("sev_0", "0 None"),
    M("sev_1", "1 More blinking, only with triggers"),
    M("sev_2", "2 Mild: noticeable fluttering, not disabling"),
    M("sev_3", "3 Moderate: very noticeable, a bit disabling"),
    M("sev_4", "4 Severe: disabling (can't drive or read)"),
    M("lower_0", "0 None"),
    M("lower_1", "1 Slight, now and then"),
    M("lower_2", "2 Mild: noticeable, not disabling"),
    M("lower_3", "3 Moderate: very noticeable pulling"),
    M("lower_4", "4 Severe: mouth pulled, hard to eat or talk"),
    M("impact_0", "0 Not at all"),
    M("impact_1", "1 A little"),
    M("impact_2", "2 Somewhat"),
    M("impact_3", "3 A lot"),
    M("impact_4", "4 Couldn't do my usual things"),
    M("btn_snooze_30", "⏰ In 30 min"),
    M("btn_snooze_120", "⏰ In 2 hours"),
    M("btn_skip_today", "Skip today"),
    M("btn_skip_note", "Skip"),
    M("btn_change_answers", "✏️ Change today's answers"),
    M("answer_saved", "Saved."),
    M(
        "read_back_tap",
        "Is what I read back right? Tap ✅ Yes to save it, or ✏️ Change to correct it (or type "
        "yes or no).",
    ),
    M("checkin_saved_late", "Saved for yesterday, {date}, as entered late."),
    M("checkin_day_late", "{date} (entered late)"),
    M(
        "checkin_done",
        "Check-in saved for {date}: eye frequency {frequency}, eye severity {severity}, mouth "
        "and cheek {lower_face}, daily life {impact}.{note_line}\n"
        "{comparison}",
    ),
    M("checkin_note_line", "\nNote: {note}"),
    M("cmp_no_data", "This is your first check-in this week; comparisons start tomorrow."),
    M(
        "cmp_lower",
        "Lower ratings than the past week. Eye score (frequency + severity, 0 to 8): today "
        "{today}, average {mean} over {days} of the past 7 days.",
    ),
    M(
        "cmp_same",
        "About the same ratings as the past week. Eye score (frequency + severity, 0 to 8): "
        "today {today}, average {mean} over {days} of the past 7 days.",
    ),
    M(
        "cmp_higher",
        "Higher ratings than the past week. Eye score (frequency + severity, 0 to 8): today "
        "{today}, average {mean} over {days} of the past 7 days. If this worries you, tell your "
        "care team.",
    ),
    M(
        "note_too_long",
        "That note is {length} characters; please keep it under {limit}. I kept your text; here "
        "it is to shorten:\n"
        "\n"
        "{text}",
    ),
    M("note_saved", "Note saved."),
    M(
        "rating_use_buttons",
        "To give a rating, please tap a button on the check-in above: each button is one rating "
        "from 0 (none) to 4 (most), with what it means. “{value}” is not stored as a rating; a "
        "note can follow once the ratings are in.",
    ),
    M(
        "note_taken_while_rating",
        "Saved as today's note: “{note}”. The rating question above is still open; tap a button "
        "there to answer it.",
    ),
    M(
        "checkin_note_added",
        "Note added. Your earlier note is kept too; each later one is marked with its time.",
    ),
    M("checkin_snoozed", "Okay, I'll ask again at {time}."),
    M("checkin_skipped", "Okay, no check-in today. See you tomorrow."),
    M(
        "checkin_followup",
        "A gentle reminder: today's check-in is still open. It takes four taps.",
    ),
    M(
        "checkin_already_done",
        "You've already checked in today. Tap below to change your answers.",
    ),
    M("button_outdated", "This question was replaced by a newer one below."),
    M("button_expired", "This button has expired. Send /checkin to check in now."),
    M("checkin_closed", "That day's check-in has closed. Send /checkin for today."),
    # ---- settings -----------------------------------------------------------------------------
    M("settings_title", "Your settings"),
    M(
        "settings_ask_timezone",
        "Your time zone, so reminders come at your local time. Type your city (e.g. Berlin) or a "
        "time zone (Europe/Berlin), or tap “Share my location” below.",
    ),
    M(
        "settings_ask_checkin_time",
        "When should I ask for your daily check-in? Tap a time or type one like 20:30.",
    ),
    M("settings_ask_side", "Which side of your face is affected?"),
    M("settings_ask_treatment", "Your current treatments: tick all that apply, then tap Done."),
    M(
        "settings_body",
        "Time zone: {zone}\n"
        "Daily check-in: {checkin}\n"
        "Affected side: {side}\n"
        "Treatment: {treatment}\n"
        "Reminders: {paused}\n"
        "On your doctor's report: {report_name}\n"
        "Language: {language}",
    ),
    M("settings_not_set", "not set"),
    M("settings_off", "off"),
    M("settings_active", "on"),
    M("settings_paused_until", "paused until {until}"),
    M("settings_paused", "paused until /resume"),
    M("btn_set_timezone", "🌍 Time zone"),
    M("btn_set_report_name", "🪪 Name on report"),
    M("btn_set_language", "🌐 Language"),
    # ---- the name or identifier on the doctor's report ---------------------------------------
    M(
        "report_name_ask",
        "Your doctor's report and your export show no name unless you choose one. You can give a "
        "name (e.g. “Anna K.”) or an identifier your clinic uses (e.g. a patient number).\n"
        "\n"
        "Now: {now}",
    ),
    M("report_name_none", "no name or identifier"),
    M("report_name_name", "name “{value}”"),
    M("report_name_identifier", "identifier “{value}”"),
    M("btn_report_name", "Name"),
    M("btn_report_identifier", "Identifier (e.g. clinic number)"),
    M("btn_report_name_clear", "🗑 Remove"),
    M(
        "report_name_type_name",
        "Type the name as it should appear on the report (up to {limit} characters).",
    ),
    M(
        "report_name_type_identifier",
        "Type the identifier as your clinic writes it (up to {limit} characters).",
    ),
    M(
        "report_name_invalid",
        "That doesn't fit: please type one line of up to {limit} characters, or tap a button in "
        "/settings to leave it.",
    ),
    M("report_name_readback", "Your report will show the {value}. Right?"),
    M("btn_report_name_yes", "✅ Yes"),
    M("btn_report_name_change", "✏️ Change"),
    M(
        "report_name_saved",
        "Saved. Your doctor's report and your export now show: {now}. You can change or remove "
        "it in /settings.",
    ),
    M(
        "report_name_cleared",
        "Removed. Your doctor's report and your export show no name or identifier.",
    ),
    M("btn_set_time", "⏰ Check-in time"),
    M("btn_set_side", "Side"),
    M("btn_set_treatment", "Treatment"),
    M("btn_pause_7", "⏸ Pause 7 days"),
    M("btn_resume", "▶️ Resume"),
    M("side_set", "Affected side: {side}."),
    M("treatment_set", "Treatment: {treatment}."),
    M("side_left", "left"),
    M("side_right", "right"),
    M("treatment_none", "none"),
    M("treatment_medication", "medication"),
    M("treatment_botox", "Botox injections"),
    M("treatment_mvd_planned", "surgery (MVD) planned"),
    M("treatment_after_mvd", "after surgery (MVD)"),
    # ---- commands -----------------------------------------------------------------------------
    M(
        "usage_timezone",
        "Please add your time zone or city, for example: /timezone Europe/Berlin or /timezone "
        "Berlin or /timezone UTC+2",
    ),
    M(
        "usage_checkin_time",
        "Please add a time or off, for example: /checkin_time 09:00 or /checkin_time off",
    ),
    M(
        "paused_days",
        "Paused: no check-ins or reminders until {until}. Send /resume to start again sooner.",
    ),
    M("paused_open", "Paused: no check-ins or reminders until you send /resume."),
    M("resumed", "Welcome back, reminders are on again.{next_line}"),
    M("resumed_next", " Next check-in: {when}."),
    M("not_paused", "Reminders are already on."),
    M("need_start", "Please send /start first so I can set things up for you."),
    M("help_intro", "What I can do:"),
    M(
        "help_footer",
        "I am a diary and reminder, not a doctor, and nobody reads your answers as they come in. "
        "If something worries you, contact your care team. In an emergency, call your local "
        "emergency number.",
    ),
    M(
        "free_text_hint",
        "I didn't catch a question for that. Send /checkin to record how you are, or /help to "
        "see what I can do.",
    ),
    M("unsupported_message", "I can only read text and buttons. Send /help to see what I can do."),
    M("private_only", "I work in a private chat only. Please message me directly."),
    M(
        "error_generic",
        "Sorry, something went wrong on my side. Your data is safe. Please try again in a moment.",
    ),
    M("unknown_command", "I don't know that command. Send /help to see what I can do."),
    # ---- command menu (set with setMyCommands) --------------------------------------------------
    M("cmd_checkin", "Record how you are today (four taps)"),
    M("cmd_settings", "See and change your settings"),
    M("cmd_timezone", "Set your time zone"),
    M("cmd_checkin_time", "Set the daily check-in time"),
    M("cmd_pause", "Pause reminders"),
    M("cmd_resume", "Turn reminders back on"),
    M("cmd_help", "What I can do"),
    M("cmd_start", "Welcome and set-up"),
    # examples shown in /help after a command's description (optional, by command)
    M("example_timezone", "e.g. /timezone Berlin"),
    M("example_checkin_time", "e.g. /checkin_time 09:00, or off"),
    M("example_pause", "e.g. /pause 7 for a week, or /pause 24 Dec"),
    # ---- /language --------------------------------------------------------------------------
    M("cmd_language", "Change the language I speak"),
    M("example_language", "e.g. /language es"),
    M("language_ask", "Which language should I speak? Tap one.\n\nNow: {language}"),
    M("language_set", "Done: from now on I speak {language}."),
    M("language_unknown", "I don't speak “{text}” yet. Tap one of these languages:"),
    # ---- the bot's profile in Telegram (set_my_description / set_my_short_description) --------
    M(
        "bot_description",
        "A diary and reminder helper for hemifacial spasm: a daily check-in in a few taps, "
        "reminders for Botox injections, appointments and medication, and summaries and a report "
        "for your doctor. It does not give medical advice. Tap Start to begin.",
    ),
    M("bot_short_description", "Diary and reminders for hemifacial spasm. Not medical advice."),
    # ---- words a patient types after a command (each: the words that count, separated by |) --
    M("kw_all", "all|everything|ever"),
    M("kw_cycles", "cycles|cycle"),
    M("kw_remove", "remove|delete|clear|off|none"),
    M("kw_off", "off|none|no"),
    M("kw_stop", "stop|end"),
    M("kw_phone", "phone|number|tel"),
    M("kw_change", "change"),
    M("kw_skip", "skip|no|cancel"),
    M("kw_yes", "yes|y|yeah|yep|yup|ok|okay|sure|right|correct|that's right|confirm|save"),
    M("kw_no", "no|n|nope|wrong|not right|change|edit"),
)
