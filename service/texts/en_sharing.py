"""English texts for sharing with a caregiver and the care team (merged into the one catalogue).

``share_*``: what the patient reads; ``care_*``: what a caregiver reads; ``doctor_*``: what the
care team reads when it opens a report link.
"""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    M("cmd_share", "Share your diary with a caregiver or your doctor"),
    M("kw_doctor", "doctor|clinic|care team|team|neurologist"),
    # ---- the patient's /share ----------------------------------------------------------------
    M(
        "share_intro",
        "👥 Sharing\n\n"
        "Someone who helps you (a partner, a grown-up child, a friend) can follow your diary, "
        "read-only: they get only what you choose, never see your settings and can never "
        "change anything. Your doctor can get a link to your report.",
    ),
    M("share_none", "You don't share your diary with anyone."),
    M("share_list_title", "Following your diary:"),
    M("share_item", "• {name}, since {date}: {grants}"),
    M("share_grant_weekly", "the weekly summary"),
    M("share_grant_weekly_notes", "the weekly summary with your notes"),
    P(
        "share_grant_quiet",
        "an alert after {days} day without a check-in",
        "an alert after {days} days without a check-in",
        "days",
    ),
    M("share_grant_flags", "an alert when you tick a warning sign after surgery"),
    M("share_grant_appts", "your appointment reminders"),
    M("share_grant_nothing", "nothing at the moment"),
    M("share_invite_item", "• An invitation not used yet, valid until {when}"),
    M("share_links_title", "Links for your care team:"),
    M("share_link_item", "• A report link valid until {when}: {opened}"),
    M("share_link_not_opened", "not opened yet"),
    M("share_link_opened", "opened by {name}, last on {when}"),
    M("share_btn_invite", "➕ Invite someone"),
    M("share_btn_doctor", "🩺 A link for my doctor"),
    M("share_btn_change", "✏️ What {name} gets"),
    M("share_btn_end", "✖️ End sharing with {name}"),
    M("share_btn_cancel_invite", "✖️ Cancel the invitation ({when})"),
    M("share_btn_revoke_link", "✖️ Revoke the link ({when})"),
    # ---- choosing what is shared -------------------------------------------------------------
    M(
        "share_grants_new",
        "What should the person you invite get? Tap each line to switch it on ✅ or off ⬜, "
        "then tap “Create the invitation”.",
    ),
    M(
        "share_grants_existing",
        "What should {name} get? Tap each line to switch it on ✅ or off ⬜, then tap Save.",
    ),
    M(
        "share_grants_never",
        "Nothing else is shared: no settings, and your notes only if you switch them on. "
        "A caregiver can never change anything in your diary.",
    ),
    M("share_tg_weekly", "Weekly summary"),
    M("share_tg_notes", "My notes in the summary"),
    M("share_tg_quiet_off", "Alert if I don't check in: off"),
    P(
        "share_tg_quiet",
        "Alert after {days} day without a check-in",
        "Alert after {days} days without a check-in",
        "days",
    ),
    M("share_tg_flags", "Warning signs after surgery"),
    M("share_tg_appts", "Appointment reminders"),
    M("share_btn_create", "🔗 Create the invitation"),
    M("share_btn_save", "💾 Save"),
    M("share_btn_back", "⬅️ Back"),
    M("share_nothing_chosen", "Switch on at least one thing to share."),
    # ---- the invitation ----------------------------------------------------------------------
    M(
        "share_invite_made",
        "Your invitation is below. Forward it to the person you want to share with (press and "
        "hold it, then Forward). It works once, until {when} (48 hours).\n\n"
        "They see what they will get before they agree, and I tell you when they join.",
    ),
    M(
        "share_invite_forward",
        "{name} would like you to follow their hemifacial spasm diary in HFS Companion, "
        "read-only. To see what you would get, open this link:\n{link}\n\n"
        "It works once, until {when}.",
    ),
    M("share_invite_cancelled", "The invitation is cancelled: its link no longer works."),
    # ---- ending and changing -----------------------------------------------------------------
    M("share_end_confirm", "End sharing with {name}? They will get nothing more from your diary."),
    M("share_btn_end_yes", "Yes, end it"),
    M("share_btn_keep", "No, keep it"),
    M("share_ended", "Sharing with {name} has ended."),
    M("share_kept", "Nothing changed."),
    M("share_saved", "Saved. {name} now gets: {grants}."),
    M(
        "share_joined_notice",
        "{name} now follows your diary and gets: {grants}.\n/share shows "
        "everyone who follows your diary and lets you end it.",
    ),
    M("share_ended_by_caregiver", "{name} no longer follows your diary."),
    # ---- the caregiver -----------------------------------------------------------------------
    M(
        "care_join_offer",
        "{name} invites you to follow their hemifacial spasm diary, read-only.\n\n"
        "You would get:\n{grants}\n\n"
        "You would not see their settings and could not change anything in their diary. "
        "You can stop at any time with /share, and so can {name}. To send you these messages I "
        "keep your Telegram name and this chat's number; /delete removes them.\n\n"
        "Do you agree?",
    ),
    M("care_grant_weekly", "• a weekly summary of {name}'s check-ins, without their notes"),
    M("care_grant_weekly_notes", "• a weekly summary of {name}'s check-ins, with their notes"),
    P(
        "care_grant_quiet",
        "• an alert when {name} has not checked in for {days} day",
        "• an alert when {name} has not checked in for {days} days",
        "days",
    ),
    M("care_grant_flags", "• an alert when {name} ticks a warning sign after surgery"),
    M("care_grant_appts", "• {name}'s appointment reminders"),
    M("care_grant_nothing", "• nothing at the moment"),
    M("care_btn_agree", "✅ I agree"),
    M("care_btn_decline", "No, thanks"),
    M(
        "care_link_invalid",
        "This link doesn't work. It may have expired (invitations last 48 hours), been used "
        "already, or been cancelled. Please ask the person who sent it for a new one.",
    ),
    M(
        "care_join_own",
        "This is your own invitation: forward it to the person you want to share with. It "
        "works for them, not for you.",
    ),
    M(
        "care_joined",
        "Done: you now follow {name}'s diary. You get:\n{grants}\n\n"
        "/share shows what you follow and lets you stop at any time.",
    ),
    M("care_declined", "No problem: nothing about you was stored."),
    M("care_following_title", "You follow, read-only:"),
    M("care_following_item", "{name}, since {date}:\n{grants}"),
    M("care_btn_stop", "✖️ Stop following {name}"),
    M(
        "care_none",
        "You don't follow anyone's diary. To follow someone, open the invitation link they "
        "send you.",
    ),
    M("care_stop_confirm", "Stop following {name}'s diary? You will get nothing more about it."),
    M("care_btn_stop_yes", "Yes, stop"),
    M("care_stopped", "You no longer follow {name}'s diary."),
    M(
        "care_ended_by_patient",
        "{name} has stopped sharing their diary with you. You will get nothing more about it.",
    ),
    M("care_grants_changed", "{name} changed what you get:\n{grants}"),
    M(
        "care_start",
        "You follow a diary as a caregiver: /share shows it. If you have hemifacial spasm "
        "yourself, you can keep a diary of your own too:",
    ),
    # ---- what a caregiver receives -----------------------------------------------------------
    M("care_weekly_title", "📋 {name}'s weekly summary, as {name} gets it, shared with you:"),
    M("care_weekly_footer", "You get this because {name} shares it with you. /share to stop."),
    P(
        "care_quiet_alert",
        "ℹ️ {name} has not checked in for {days} day (last check-in: {last}).",
        "ℹ️ {name} has not checked in for {days} days (last check-in: {last}).",
        "days",
    ),
    P(
        "care_quiet_alert_none",
        "ℹ️ {name} has not checked in for {days} day, since sharing began on {since}.",
        "ℹ️ {name} has not checked in for {days} days, since sharing began on {since}.",
        "days",
    ),
    M(
        "care_quiet_advice",
        "This may mean nothing (a busy day, a break from the diary). You could ask how they are.",
    ),
    M(
        "care_flag_emergency",
        "🚑 {name} has just reported a warning sign after their brain surgery:\n{signs}\n"
        "They were told to call their local emergency number now. If you are with them or can "
        "reach them, make sure they do.",
    ),
    M(
        "care_flag_team",
        "☎️ {name} has just reported a warning sign after their brain surgery:\n{signs}\n"
        "They were told to call their surgical team today. You may want to check that they "
        "have reached the team.",
    ),
    M("share_flag_told", "I have also let {names} know, as you chose in /share."),
    M("care_flag_phone", "Their surgical team's number: {phone}"),
    M(
        "care_flag_footer",
        "I inform and remind; I do not diagnose. Their surgical team decides what the signs mean.",
    ),
    M(
        "care_appt_day_before",
        "📅 Reminder: {name} has an appointment tomorrow, {when}{with_whom}.",
    ),
    M("care_appt_soon", "📅 {name}'s appointment is coming up at {when}{with_whom}."),
    M("care_appt_with", " with {who}"),
    # ---- the care team's link ----------------------------------------------------------------
    M(
        "share_doctor_intro",
        "🩺 A link for your care team. With it they can read your report (a PDF) and your "
        "record in the format clinics use (FHIR), read-only, until it expires. You can revoke "
        "it at any time in /share. How long should it work?",
    ),
    P("share_doctor_days", "{days} day", "{days} days", "days"),
    M(
        "share_doctor_made_web",
        "Your care team's link, valid until {when}:\n{link}\n\n"
        "For their systems, the same record as FHIR: {fhir}\n\n"
        "Anyone with the link can read your report until then: send it only to your care team. "
        "/share revokes it.",
    ),
    M(
        "share_doctor_made_chat",
        "Your care team's link is below, valid until {when}. Forward it to your doctor: when "
        "they open it in Telegram, I send them your report (a PDF) and your record in the "
        "format clinics use (FHIR). After that only their Telegram account can use it. "
        "/share revokes it.",
    ),
    M(
        "share_doctor_forward",
        "{name} shares their hemifacial spasm diary with you, read-only. Open this link in "
        "Telegram to receive their report:\n{link}\n\nIt works until {when}.",
    ),
    M("share_link_revoked", "The link is revoked: it no longer works."),
    M("share_link_opened_notice", "Your care team's link was just opened by {name}."),
    M(
        "doctor_link_invalid",
        "This link doesn't work. It may have expired or been revoked, or it is already in use "
        "by another Telegram account. Please ask the patient for a new one.",
    ),
    M(
        "doctor_report_caption",
        "A hemifacial spasm diary from HFS Companion, shared with you read-only: the report of "
        "the last 90 days, made {when}. The link works until {until}.",
    ),
    M(
        "share_doctor_own",
        "This is your care team's link: forward it to them. Once someone opens it, only their "
        "Telegram account can use it.",
    ),
    M("doctor_fhir_caption", "The same record as a FHIR R4 Bundle (JSON), for clinical systems."),
    # ---- data rights -------------------------------------------------------------------------
    P(
        "data_delete_confirm_caregiver",
        "This deletes what I keep about you as a caregiver (your Telegram name and this chat's "
        "number) and stops your following {count} diary. It cannot be undone.\n\n"
        "The button below works for {minutes} minutes.",
        "This deletes what I keep about you as a caregiver (your Telegram name and this chat's "
        "number) and stops your following {count} diaries. It cannot be undone.\n\n"
        "The button below works for {minutes} minutes.",
        "count",
    ),
    M(
        "data_export_caregiver_caption",
        "What I keep about you as a caregiver: your name, this chat's number and whose diary you "
        "follow, with what you get. Nothing from their diaries is in it.",
    ),
    M("data_table_caregiver", "You as a caregiver: your Telegram name, chat and language."),
    M("data_table_share", "Who follows your diary, and what each of them gets."),
    M(
        "data_table_shareinvite",
        "Your invitations to follow your diary (only a fingerprint of each link).",
    ),
    M("data_table_carelink", "Your care team's report links (only a fingerprint of each link)."),
    M("data_table_caring_for", "Whose diary you follow, and what you get."),
)
