"""English message catalogue: every user-facing string, by key. Placeholders use str.format."""

from __future__ import annotations

CONSENT_VERSION = "2026-11-3"

MESSAGES: dict[str, str] = {
    # ---- onboarding -------------------------------------------------------------------------
    "welcome": (
        "Hello! I am HFS Companion, a diary and reminder helper for hemifacial spasm.\n\n"
        "What I do: once a day I ask four quick questions about your spasms (a few taps), "
        "remind you of what you schedule, and show you how things change over time, so you and "
        "your doctor can see it.\n\n"
        "What I am not: I do not give medical advice or diagnose, and nobody reads your answers "
        "as they come in. For anything worrying, contact your care team. In an emergency, call "
        "your local emergency number.\n\n"
        "What I store, and why: your answers, the settings you choose (time zone, check-in time, "
        "affected side, treatment, your care team's phone numbers if you give them) and your "
        "Telegram chat number, only to run your diary and reminders. You can see everything "
        "with /settings and stop with /pause at any time.\n\n"
        "Do you agree that I store this?"
    ),
    "btn_consent_yes": "✅ I agree, let's start",
    "btn_consent_no": "Not now",
    "consent_declined": (
        "No problem. I have stored nothing about you. If you change your mind, send /start."
    ),
    "consent_needed": "Before we start, please read the welcome message and tap “I agree”.",
    "consent_thanks": "Thank you! A few quick questions to set things up; each can be skipped.",
    "ask_timezone": (
        "1/3 · Your time zone, so reminders come at your local time.\n\n"
        "Type your city (e.g. Berlin), a time zone (Europe/Berlin) or an offset (UTC+2), "
        "or tap “Share my location” below."
    ),
    "btn_share_location": "📍 Share my location",
    "btn_skip": "Skip",
    "timezone_set": "Time zone set: {label} (now {local_time} there).",
    "timezone_unknown": (
        "I couldn't find “{text}”. Try a city (Berlin), a time zone (Europe/Berlin) "
        "or an offset (UTC+2)."
    ),
    "zone_words": "{city} time ({zone})",
    "zone_utc_words": "Coordinated Universal Time (UTC, no summer time)",
    "zone_default_words": "the operator's default: {zone}; not set by you",
    "timezone_offset_fixed": (
        "{offset} is a fixed offset: it will not follow summer time, so your reminders would "
        "come an hour early or late when the clocks change. Places at {offset} right now are "
        "below: tap yours, type your city, or keep the fixed offset."
    ),
    "btn_keep_offset": "Keep {offset} (no summer time)",
    "location_ask_zone": "Change your time zone to {zone}?",
    "btn_zone_yes": "✅ Yes",
    "btn_zone_no": "No",
    "location_zone_kept": "Okay, nothing changed: your time zone stays {zone}.",
    "timezone_skipped": "Okay, I'll use {zone} for now. Change it any time with /timezone.",
    "ask_checkin_time": (
        "2/3 · When should I ask for your daily check-in? Tap a time or type one like 20:30."
    ),
    "btn_checkin_off": "No daily check-in",
    "checkin_time_set": "Daily check-in set for {time} ({zone}).",
    "checkin_time_off": "Daily check-in is off. You can still check in any time with /checkin.",
    "checkin_time_invalid": (
        "“{text}” isn't a time I understand. Please type it like 09:00 or 20:30."
    ),
    "first_checkin_intro": "Let's do today's check-in now: four taps, under 20 seconds.",
    "ask_side": "3/3 · Two last questions. Which side of your face is affected?",
    "btn_side_left": "Left",
    "btn_side_right": "Right",
    "ask_treatment": (
        "And your current treatment? Tick all that apply (e.g. Botox and medication), "
        "then tap Done."
    ),
    "btn_treatments_done": "✅ Done",
    "first_checkin_skipped": "Okay, no check-in now. You can do one any time with /checkin.",
    "side_skipped": "Affected side: skipped (you can set it later in /settings).",
    "side_unchanged": "Affected side unchanged.",
    "treatment_skipped": "Treatment: skipped (you can set it later in /settings).",
    "btn_treatment_none": "None",
    "btn_treatment_medication": "Medication",
    "btn_treatment_botox": "Botox injections",
    "btn_treatment_mvd_planned": "Surgery (MVD) planned",
    "btn_treatment_after_mvd": "After surgery (MVD)",
    "onboarding_done": (
        "All set! What happens next:\n"
        "{next_line}\n"
        "• Any time: /checkin to record how you are, /settings to change anything.\n"
        "• /help lists everything I can do.\n\n"
        "If your symptoms change suddenly or worry you, contact your doctor or care team."
    ),
    "onboarding_next_daily": "• Every day at {time} ({zone}) I'll ask four quick questions.",
    "onboarding_next_none": "• No daily reminder is set; turn one on with /checkin_time 09:00.",
    "welcome_back": "Welcome back! Your settings are below; /help lists every command.",
    # ---- check-in -----------------------------------------------------------------------------
    "checkin_header": "Check-in for {date}",
    "q_frequency": "How often, and for how long, did your eyelid blink, flutter or close today?",
    "q_severity": (
        "How noticeable were the spasms around your eye today, and how much did they stop you "
        "doing things? (Triggers are things like bright light, wind, reading, driving.)"
    ),
    "q_lower_face": "And around your mouth and cheek: how strong were the spasms there today?",
    "q_impact": (
        "How much did the spasms get in the way of daily life today (reading, driving, talking)?"
    ),
    "q_note": ("Anything to add? Type a short note (e.g. triggers, stress, sleep), or tap Skip."),
    "freq_0": "0 None",
    "freq_1": "1 Slightly more blinking than normal",
    "freq_2": "2 Fluttering, under 1 second",
    "freq_3": "3 Spasms over 1 s; eye open most of the day",
    "freq_4": "4 Eye closed most of the day: can't see",
    "sev_0": "0 None",
    "sev_1": "1 More blinking, only with triggers",
    "sev_2": "2 Mild: noticeable fluttering, not disabling",
    "sev_3": "3 Moderate: very noticeable, a bit disabling",
    "sev_4": "4 Severe: disabling (can't drive or read)",
    "lower_0": "0 None",
    "lower_1": "1 Slight, now and then",
    "lower_2": "2 Mild: noticeable, not disabling",
    "lower_3": "3 Moderate: very noticeable pulling",
    "lower_4": "4 Severe: mouth pulled, hard to eat or talk",
    "impact_0": "0 Not at all",
    "impact_1": "1 A little",
    "impact_2": "2 Somewhat",
    "impact_3": "3 A lot",
    "impact_4": "4 Couldn't do my usual things",
    "btn_snooze_30": "⏰ In 30 min",
    "btn_snooze_120": "⏰ In 2 hours",
    "btn_skip_today": "Skip today",
    "btn_skip_note": "Skip",
    "btn_change_answers": "✏️ Change today's answers",
    "answer_saved": "Saved.",
    "read_back_tap": (
        "Is what I read back right? Tap ✅ Yes to save it, or ✏️ Change to correct it (or type "
        "yes or no)."
    ),
    "checkin_saved_late": "Saved for yesterday, {date}, as entered late.",
    "checkin_day_late": "{date} (entered late)",
    "checkin_done": (
        "Check-in saved for {date}: eye frequency {frequency}, eye severity {severity}, "
        "mouth and cheek {lower_face}, daily life {impact}.{note_line}\n{comparison}"
    ),
    "checkin_note_line": "\nNote: {note}",
    "cmp_no_data": "This is your first check-in this week; comparisons start tomorrow.",
    "cmp_lower": (
        "Lower ratings than the past week. Eye score (frequency + severity, 0 to 8): today "
        "{today}, average {mean} over {days} of the past 7 days."
    ),
    "cmp_same": (
        "About the same ratings as the past week. Eye score (frequency + severity, 0 to 8): "
        "today {today}, average {mean} over {days} of the past 7 days."
    ),
    "cmp_higher": (
        "Higher ratings than the past week. Eye score (frequency + severity, 0 to 8): today "
        "{today}, average {mean} over {days} of the past 7 days. If this worries you, tell "
        "your care team."
    ),
    "note_too_long": (
        "That note is {length} characters; please keep it under {limit}. "
        "I kept your text; here it is to shorten:\n\n{text}"
    ),
    "note_saved": "Note saved.",
    "rating_use_buttons": (
        "To give a rating, please tap a button on the check-in above: each button is one "
        "rating from 0 (none) to 4 (most), with what it means. “{value}” is not stored "
        "as a rating; a note can follow once the ratings are in."
    ),
    "note_taken_while_rating": (
        "Saved as today's note: “{note}”. The rating question above is still open; tap "
        "a button there to answer it."
    ),
    "checkin_note_added": (
        "Note added. Your earlier note is kept too; each later one is marked with its time."
    ),
    "checkin_snoozed": "Okay, I'll ask again at {time}.",
    "checkin_skipped": "Okay, no check-in today. See you tomorrow.",
    "checkin_followup": "A gentle reminder: today's check-in is still open. It takes four taps.",
    "checkin_already_done": "You've already checked in today. Tap below to change your answers.",
    "button_outdated": "This question was replaced by a newer one below.",
    "button_expired": "This button has expired. Send /checkin to check in now.",
    "checkin_closed": "That day's check-in has closed. Send /checkin for today.",
    # ---- settings -----------------------------------------------------------------------------
    "settings_title": "Your settings",
    "settings_ask_timezone": (
        "Your time zone, so reminders come at your local time. Type your city (e.g. Berlin) "
        "or a time zone (Europe/Berlin), or tap “Share my location” below."
    ),
    "settings_ask_checkin_time": (
        "When should I ask for your daily check-in? Tap a time or type one like 20:30."
    ),
    "settings_ask_side": "Which side of your face is affected?",
    "settings_ask_treatment": ("Your current treatments: tick all that apply, then tap Done."),
    "settings_body": (
        "Time zone: {zone}\n"
        "Daily check-in: {checkin}\n"
        "Affected side: {side}\n"
        "Treatment: {treatment}\n"
        "Reminders: {paused}\n"
        "On your doctor's report: {report_name}"
    ),
    "settings_not_set": "not set",
    "settings_off": "off",
    "settings_active": "on",
    "settings_paused_until": "paused until {until}",
    "settings_paused": "paused until /resume",
    "btn_set_timezone": "🌍 Time zone",
    "btn_set_report_name": "🪪 Name on report",
    # ---- the name or identifier on the doctor's report ---------------------------------------
    "report_name_ask": (
        "Your doctor's report and your export show no name unless you choose one. You can give "
        "a name (e.g. “Anna K.”) or an identifier your clinic uses (e.g. a patient number).\n\n"
        "Now: {now}"
    ),
    "report_name_none": "no name or identifier",
    "report_name_name": "name “{value}”",
    "report_name_identifier": "identifier “{value}”",
    "btn_report_name": "Name",
    "btn_report_identifier": "Identifier (e.g. clinic number)",
    "btn_report_name_clear": "🗑 Remove",
    "report_name_type_name": "Type the name as it should appear on the report (up to {limit} "
    "characters).",
    "report_name_type_identifier": (
        "Type the identifier as your clinic writes it (up to {limit} characters)."
    ),
    "report_name_invalid": (
        "That doesn't fit: please type one line of up to {limit} characters, or tap a button in "
        "/settings to leave it."
    ),
    "report_name_readback": "Your report will show the {value}. Right?",
    "btn_report_name_yes": "✅ Yes",
    "btn_report_name_change": "✏️ Change",
    "report_name_saved": (
        "Saved. Your doctor's report and your export now show: {now}. You can change or remove "
        "it in /settings."
    ),
    "report_name_cleared": (
        "Removed. Your doctor's report and your export show no name or identifier."
    ),
    "btn_set_time": "⏰ Check-in time",
    "btn_set_side": "Side",
    "btn_set_treatment": "Treatment",
    "btn_pause_7": "⏸ Pause 7 days",
    "btn_resume": "▶️ Resume",
    "side_set": "Affected side: {side}.",
    "treatment_set": "Treatment: {treatment}.",
    "side_left": "left",
    "side_right": "right",
    "treatment_none": "none",
    "treatment_medication": "medication",
    "treatment_botox": "Botox injections",
    "treatment_mvd_planned": "surgery (MVD) planned",
    "treatment_after_mvd": "after surgery (MVD)",
    # ---- commands -----------------------------------------------------------------------------
    "usage_timezone": (
        "Please add your time zone or city, for example: /timezone Europe/Berlin "
        "or /timezone Berlin or /timezone UTC+2"
    ),
    "usage_checkin_time": (
        "Please add a time or off, for example: /checkin_time 09:00 or /checkin_time off"
    ),
    "paused_days": (
        "Paused: no check-ins or reminders until {until}. Send /resume to start again sooner."
    ),
    "paused_open": "Paused: no check-ins or reminders until you send /resume.",
    "resumed": "Welcome back, reminders are on again.{next_line}",
    "resumed_next": " Next check-in: {when}.",
    "not_paused": "Reminders are already on.",
    "need_start": "Please send /start first so I can set things up for you.",
    "help_intro": "What I can do:",
    "help_footer": (
        "I am a diary and reminder, not a doctor, and nobody reads your answers as they come "
        "in. If something worries you, contact your care team. In an emergency, call your "
        "local emergency number."
    ),
    "free_text_hint": (
        "I didn't catch a question for that. Send /checkin to record how you are, "
        "or /help to see what I can do."
    ),
    "unsupported_message": "I can only read text and buttons. Send /help to see what I can do.",
    "private_only": "I work in a private chat only. Please message me directly.",
    "error_generic": (
        "Sorry, something went wrong on my side. Your data is safe. Please try again in a moment."
    ),
    "unknown_command": "I don't know that command. Send /help to see what I can do.",
    # ---- command menu (set with setMyCommands) --------------------------------------------------
    "cmd_checkin": "Record how you are today (four taps)",
    "cmd_settings": "See and change your settings",
    "cmd_timezone": "Set your time zone",
    "cmd_checkin_time": "Set the daily check-in time",
    "cmd_pause": "Pause reminders",
    "cmd_resume": "Turn reminders back on",
    "cmd_help": "What I can do",
    "cmd_start": "Welcome and set-up",
    # examples shown in /help after a command's description (optional, by command)
    "example_timezone": "e.g. /timezone Berlin",
    "example_checkin_time": "e.g. /checkin_time 09:00, or off",
    "example_pause": "e.g. /pause 7 for a week, or /pause 24 Dec",
}
