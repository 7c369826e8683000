"""English texts for the data feature (merged into the one catalogue)."""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    # ---- command menu -----------------------------------------------------------------------
    M("cmd_export", "Download all your data (a zip file)"),
    M("cmd_delete", "Delete all your data"),
    # ---- /export ----------------------------------------------------------------------------
    M(
        "data_export_nothing",
        "Until you agree at /start, I store nothing but this chat's number, so there is nothing "
        "to export. Send /start to begin.",
    ),
    M(
        "data_export_caption",
        "Everything I store about you: {rows} entries in {files} files. README.txt inside says "
        "what each file holds. Keep it somewhere safe: it is your health diary.",
    ),
    M(
        "data_readme",
        "HFS Companion: your data\n"
        "========================\n"
        "\n"
        "Everything HFS Companion stored about you, exported {exported_at} (UTC).\n"
        "\n"
        "Files\n"
        "-----\n"
        "{readme}: this file.\n"
        "{files}\n"
        "\n"
        "How to read them\n"
        "----------------\n"
        "- The .csv files open in a spreadsheet (Excel, LibreOffice Calc, Numbers, Google "
        "Sheets). The first line names the columns. They are UTF-8 text.\n"
        "- The .json file holds the same rows as the .csv files, for programs.\n"
        "- Moments in time (columns ending in _at, like created_at or due_at) are in UTC, "
        "written in ISO 8601, for example 2026-11-21T08:00:00Z (Z means UTC). Add your time "
        "zone's offset for your local time.\n"
        "- Dates (like local_date or injected_on) are days as you lived them, in your time zone. "
        "The times you chose (checkin_time, a medication's times) are your local times of day, "
        "and so is start_local in schedule.csv: the local time a reminder repeats from, in the "
        "time zone next to it.\n"
        "- An empty cell means no value. Lists and details are written as JSON text.\n"
        "- The ids link rows: patient_id is you; schedule_id, surgery_id, medication_id and "
        "occurrence_id point to rows of those files.\n"
        "\n"
        "This is not medical advice. Share it with your care team if it helps them.\n",
    ),
    M("data_readme_json", "{name}: every file below in one JSON document."),
    M(
        "data_readme_fhir",
        "{name}: your ratings, medications, injections and surgery as a FHIR R4 Bundle, the "
        "format clinical record systems import. Your care team's IT can read it.",
    ),
    # ---- FHIR export (service/reports/fhir.py): read by clinicians and their systems --------
    M("fhir_code_frequency", "Eye spasm frequency, 0-4 (adapted from the Jankovic Rating Scale)"),
    M("fhir_code_severity", "Eye spasm severity, 0-4 (adapted from the Jankovic Rating Scale)"),
    M("fhir_code_lower_face", "Mouth and cheek spasm severity, 0-4 (patient self-rating)"),
    M("fhir_code_impact", "Impact of the spasm on daily life, 0-4 (patient self-rating)"),
    M("fhir_checkin_note", "Daily self-rating for {date} (the patient's local day)."),
    M("fhir_dosage_times", "daily at {times}"),
    M("fhir_botox", "Botulinum toxin injection"),
    P("fhir_units", "{units} unit", "{units} units", "units"),
    M("fhir_units_unknown", "Units not recorded."),
    M("fhir_units_product", "{units} of {product}."),
    M("fhir_units_only", "{units}."),
    M("fhir_side_effect_undated", "Side effect after this injection; its days were not recorded."),
    M(
        "fhir_questionnaire_smc",
        "SMC grade of hemifacial spasm, self-rated (Lee 2012): 1-4 = grades I-IV, 0 = no spasm",
    ),
    M(
        "fhir_questionnaire_pgic",
        "Patient Global Impression of Change, 1-7 (1 = very much better)",
    ),
    M("fhir_questionnaire_hfs7", "HFS-7 quality of life, 0-28 (higher = more affected)"),
    M("fhir_questionnaire_unanswered", "Asked, not answered."),
    M("fhir_questionnaire_note", "Asked for {date} (the patient's local day)."),
    M("fhir_occasion_monthly", "Monthly question."),
    P("fhir_occasion_weeks", "{n} week after an injection.", "{n} weeks after an injection.", "n"),
    P("fhir_occasion_months", "{n} month after surgery.", "{n} months after surgery.", "n"),
    M("fhir_units_no_product", "{units} (product not recorded)."),
    M("fhir_units_unknown_product", "Units not recorded ({product})."),
    M("fhir_botox_product", "Botulinum toxin injection: {product}"),
    M("fhir_botox_unknown", "Botulinum toxin injection (product not recorded)"),
    M("fhir_site_on_side", "{site}, {side} side"),
    M("fhir_site_units", "{site}: {units}"),
    M("fhir_mvd", "Microvascular decompression (MVD) for hemifacial spasm"),
    M("fhir_planned", "Planned for {date}."),
    M("data_readme_file", "{name}: {description} Rows: {rows}."),
    M(
        "data_table_patient",
        "You and your settings: time zone, check-in time, affected side, treatment, care-team "
        "phone numbers, consent, pauses, Botox interval, and the name or identifier for your "
        "doctor's report if you set one.",
    ),
    M(
        "data_table_schedule",
        "Your reminders as rules: what repeats when (the daily check-in, Botox, appointments, "
        "surgery follow-up, medications).",
    ),
    M(
        "data_table_occurrence",
        "Each reminder that came due: when, whether it was sent, missed or skipped.",
    ),
    M(
        "data_table_checkin",
        "Your daily check-ins: spasm frequency and severity around the eye (adapted from the "
        "Jankovic scale, 0-4), the mouth and cheek (0-4), impact on daily life (0-4) and your "
        "notes.",
    ),
    M(
        "data_table_botoxcycle",
        "Your Botox injections: date, units, when it started working, the effect, side effects, "
        "and when it may be wearing off (estimated from your diary, or reported by you).",
    ),
    M("data_table_appointment", "Your doctor's appointments and how they went."),
    M("data_table_surgery", "Your surgery (microvascular decompression, MVD) and its follow-up."),
    M(
        "data_table_surgerycheck",
        "Your checks after surgery: warning signs asked about and the spasm compared with before.",
    ),
    M("data_table_medication", "Your medications, doses and the times you take them."),
    M("data_table_doselog", "Each scheduled dose: taken, skipped or missed."),
    M(
        "data_table_side_effect",
        "Side effects after your injections: which one, the day it started and the day it ended.",
    ),
    M(
        "data_table_medication_change",
        "Changes to your medication list: started, dose or times changed, stopped, with the dose "
        "and times from then on.",
    ),
    M(
        "data_table_questionnaire_response",
        "Your answers to the questionnaires (SMC grade, how you feel compared with before), with "
        'their score, or "unanswered".',
    ),
    # ---- /delete ----------------------------------------------------------------------------
    M(
        "data_delete_nothing",
        "Nothing about you is stored here now. Send /start if you want to begin.",
    ),
    M(
        "data_delete_confirm",
        "⚠️ Delete everything?\n"
        "\n"
        "This deletes everything I store about you: your check-ins and notes, Botox cycles, "
        "appointments, surgery follow-up, medications and doses, your settings, and every "
        "reminder scheduled for you. After that I send you nothing more.\n"
        "\n"
        "It cannot be undone. To keep a copy, tap Cancel and send /export first.\n"
        "\n"
        "Messages already in this chat stay in your Telegram app; you can clear the chat there.\n"
        "\n"
        "This button works for {minutes} minutes.",
    ),
    M("data_btn_delete_yes", "Yes, delete everything"),
    M("data_btn_delete_no", "Cancel"),
    M("data_delete_done", "Everything is deleted. Send /start if you ever want to begin again."),
    M("data_delete_toast", "Deleted."),
    M("data_delete_cancelled", "Okay, nothing was deleted."),
    M(
        "data_delete_expired",
        "This question has expired, so nothing was deleted. Send /delete to ask again.",
    ),
    M("data_delete_not_valid", "This button is not valid here. Nothing was deleted."),
)
