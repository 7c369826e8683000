"""Families of messages a value picks from: every key written out, so mypy checks each one.

``SIDE["left"]`` is ``"side_left"``; a code path that meets a value outside its family fails
loudly (KeyError) instead of showing a key to a patient.
"""

from __future__ import annotations

from service.texts.keys import MessageKey

SIDE: dict[str, MessageKey] = {
    "left": "side_left",
    "right": "side_right",
}
TREATMENT: dict[str, MessageKey] = {
    "none": "treatment_none",
    "medication": "treatment_medication",
    "botox": "treatment_botox",
    "mvd_planned": "treatment_mvd_planned",
    "after_mvd": "treatment_after_mvd",
}
BTN_TREATMENT: dict[str, MessageKey] = {
    "none": "btn_treatment_none",
    "medication": "btn_treatment_medication",
    "botox": "btn_treatment_botox",
    "mvd_planned": "btn_treatment_mvd_planned",
    "after_mvd": "btn_treatment_after_mvd",
}
CHANGE_WORD: dict[str, MessageKey] = {
    "lower": "sum_change_lower",
    "stable": "sum_change_stable",
    "higher": "sum_change_higher",
}
SUM_ITEM: dict[str, MessageKey] = {
    "frequency": "sum_item_frequency",
    "severity": "sum_item_severity",
    "lower_face": "sum_item_lower_face",
    "impact": "sum_item_impact",
}
SUM_OVERALL: dict[str, MessageKey] = {
    "lower": "sum_overall_lower",
    "stable": "sum_overall_stable",
    "higher": "sum_overall_higher",
    "no_data": "sum_overall_no_data",
}
SUM_BOTOX_VS: dict[str, MessageKey] = {
    "lower": "sum_botox_vs_lower",
    "stable": "sum_botox_vs_stable",
    "higher": "sum_botox_vs_higher",
}
SUM_RECOVERY_ITEM: dict[str, MessageKey] = {
    "frequency": "sum_recovery_frequency",
    "severity": "sum_recovery_severity",
    "lower_face": "sum_recovery_lower_face",
    "impact": "sum_recovery_impact",
}
SUM_RECOVERY_WORD: dict[str, MessageKey] = {
    "lower": "sum_recovery_lower",
    "stable": "sum_recovery_stable",
    "higher": "sum_recovery_higher",
    "no_data": "sum_recovery_no_data",
}
SUM_LINE: dict[str, MessageKey] = {
    "lower": "sum_line_lower",
    "stable": "sum_line_stable",
    "higher": "sum_line_higher",
    "empty": "sum_line_empty",
}
CHART_EVENT: dict[str, MessageKey] = {
    "botox": "sum_chart_event_botox",
    "surgery": "sum_chart_event_surgery",
    "appointment": "sum_chart_event_appointment",
    "med": "sum_chart_event_med",
}
SUM_EVENT: dict[str, MessageKey] = {
    "botox": "sum_event_botox",
    "surgery": "sum_event_surgery",
    "appointment": "sum_event_appointment",
    "med": "sum_event_med",
}
PDF_PRODUCT: dict[str, MessageKey] = {
    "unknown": "sum_pdf_product_unknown",
    "onabotulinumtoxinA": "sum_pdf_product_onabotulinumtoxinA",
    "incobotulinumtoxinA": "sum_pdf_product_incobotulinumtoxinA",
    "abobotulinumtoxinA": "sum_pdf_product_abobotulinumtoxinA",
    "other": "sum_pdf_product_other",
}
PDF_SITE: dict[str, MessageKey] = {
    "eye": "sum_pdf_site_eye",
    "cheek": "sum_pdf_site_cheek",
    "mouth": "sum_pdf_site_mouth",
    "chin": "sum_pdf_site_chin",
    "neck": "sum_pdf_site_neck",
}
PDF_ONSET: dict[str, MessageKey] = {
    "yes": "sum_pdf_onset_yes",
    "partly": "sum_pdf_onset_partly",
    "not_yet": "sum_pdf_onset_not_yet",
}
PDF_MEDCHANGE: dict[str, MessageKey] = {
    "started": "sum_pdf_medchange_started",
    "dose": "sum_pdf_medchange_dose",
    "times": "sum_pdf_medchange_times",
    "stopped": "sum_pdf_medchange_stopped",
}
PDF_CHANGE: dict[str, MessageKey] = {
    "lower": "sum_pdf_change_lower",
    "stable": "sum_pdf_change_stable",
    "higher": "sum_pdf_change_higher",
    "no_data": "sum_pdf_change_no_data",
}
SPASM_ANSWER: dict[str, MessageKey] = {
    "gone": "surgery_spasm_gone",
    "much_better": "surgery_spasm_much_better",
    "bit_better": "surgery_spasm_bit_better",
    "same": "surgery_spasm_same",
    "worse": "surgery_spasm_worse",
}
SURGERY_SIGN: dict[str, MessageKey] = {
    "seizure": "surgery_sign_seizure",
    "confusion": "surgery_sign_confusion",
    "headache": "surgery_sign_headache",
    "limb": "surgery_sign_limb",
    "vomiting": "surgery_sign_vomiting",
    "hearing": "surgery_sign_hearing",
    "fluid": "surgery_sign_fluid",
    "fever": "surgery_sign_fever",
    "wound": "surgery_sign_wound",
    "weakness": "surgery_sign_weakness",
    "balance": "surgery_sign_balance",
}
SURGERY_FLAG: dict[str, MessageKey] = {
    "balance": "surgery_flag_balance",
    "confusion": "surgery_flag_confusion",
    "fever": "surgery_flag_fever",
    "fluid": "surgery_flag_fluid",
    "headache": "surgery_flag_headache",
    "hearing": "surgery_flag_hearing",
    "limb": "surgery_flag_limb",
    "seizure": "surgery_flag_seizure",
    "vomiting": "surgery_flag_vomiting",
    "weakness": "surgery_flag_weakness",
    "wound": "surgery_flag_wound",
}
MED_OUTCOME: dict[str, MessageKey] = {
    "pending": "med_outcome_pending",
    "taken": "med_outcome_taken",
    "skipped": "med_outcome_skipped",
    "missed": "med_outcome_missed",
}
MED_ERROR: dict[str, MessageKey] = {
    "no_name": "med_error_no_name",
    "no_times": "med_error_no_times",
    "bad_time": "med_error_bad_time",
    "too_many_times": "med_error_too_many_times",
    "name_too_long": "med_error_name_too_long",
    "dose_too_long": "med_error_dose_too_long",
    "no_id": "med_error_no_id",
}
WEEKDAY_SHORT: dict[str, MessageKey] = {
    "mo": "sum_day_mo",
    "tu": "sum_day_tu",
    "we": "sum_day_we",
    "th": "sum_day_th",
    "fr": "sum_day_fr",
    "sa": "sum_day_sa",
    "su": "sum_day_su",
}
BTN_SNOOZE: dict[int, MessageKey] = {
    30: "btn_snooze_30",
    120: "btn_snooze_120",
}
BTN_APPT_OUTCOME: dict[str, MessageKey] = {
    "botox": "btn_appt_outcome_botox",
    "medication": "btn_appt_outcome_medication",
    "surgery": "btn_appt_outcome_surgery",
    "nothing": "btn_appt_outcome_nothing",
}
APPT_OUTCOME: dict[str, MessageKey] = {
    "botox": "appt_outcome_botox",
    "medication": "appt_outcome_medication",
    "surgery": "appt_outcome_surgery",
    "nothing": "appt_outcome_nothing",
}
BOTOX_PRODUCT: dict[str, MessageKey] = {
    "name_too_long": "botox_product_name_too_long",
    "onabotulinumtoxinA": "botox_product_onabotulinumtoxinA",
    "incobotulinumtoxinA": "botox_product_incobotulinumtoxinA",
    "abobotulinumtoxinA": "botox_product_abobotulinumtoxinA",
    "other": "botox_product_other",
    "no_units": "botox_product_no_units",
}
BOTOX_SITE: dict[str, MessageKey] = {
    "eye": "botox_site_eye",
    "cheek": "botox_site_cheek",
    "mouth": "botox_site_mouth",
    "chin": "botox_site_chin",
    "neck": "botox_site_neck",
}
BOTOX_EFFECT: dict[int, MessageKey] = {
    0: "botox_effect_0",
    1: "botox_effect_1",
    2: "botox_effect_2",
    3: "botox_effect_3",
    4: "botox_effect_4",
}
BOTOX_ONSET: dict[str, MessageKey] = {
    "yes": "botox_onset_yes",
    "partly": "botox_onset_partly",
    "not_yet": "botox_onset_not_yet",
}
BOTOX_WHAT: dict[str, MessageKey] = {
    "onset": "botox_what_onset",
    "effect": "botox_what_effect",
    "booking": "botox_what_booking",
    "due": "botox_what_due",
}
SIDE_EFFECT: dict[str, MessageKey] = {
    "ptosis": "botox_se_ptosis",
    "closure": "botox_se_closure",
    "eye": "botox_se_eye",
    "blurred": "botox_se_blurred",
    "diplopia": "botox_se_diplopia",
    "mouth": "botox_se_mouth",
    "weakness": "botox_se_weakness",
    "other": "botox_se_other",
}
BTN_BOTOX_PRODUCT: dict[str, MessageKey] = {
    "ona": "btn_botox_product_ona",
    "inco": "btn_botox_product_inco",
    "abo": "btn_botox_product_abo",
    "other": "btn_botox_product_other",
    "unk": "btn_botox_product_unk",
}
BOTOX_SITES_SIDE: dict[str, MessageKey] = {
    "left": "botox_sites_side_left",
    "right": "botox_sites_side_right",
    "unknown": "botox_sites_side_unknown",
}
BTN_BOTOX_SITE: dict[str, MessageKey] = {
    "eye": "btn_botox_site_eye",
    "cheek": "btn_botox_site_cheek",
    "mouth": "btn_botox_site_mouth",
    "chin": "btn_botox_site_chin",
    "neck": "btn_botox_site_neck",
}
MARK_ASK: dict[str, MessageKey] = {
    "on": "botox_mark_ask_on",
    "wo": "botox_mark_ask_wo",
}
MARK_READ_BACK: dict[str, MessageKey] = {
    "on": "botox_mark_read_back_on",
    "wo": "botox_mark_read_back_wo",
}
MARK_UNDONE: dict[str, MessageKey] = {
    "on": "botox_mark_undone_on",
    "wo": "botox_mark_undone_wo",
}
QUESTION: dict[str, MessageKey] = {
    "frequency": "q_frequency",
    "severity": "q_severity",
    "lower_face": "q_lower_face",
    "impact": "q_impact",
    "note": "q_note",
}
FREQ: dict[str, MessageKey] = {
    "0": "freq_0",
    "1": "freq_1",
    "2": "freq_2",
    "3": "freq_3",
    "4": "freq_4",
}
SEV: dict[str, MessageKey] = {
    "0": "sev_0",
    "1": "sev_1",
    "2": "sev_2",
    "3": "sev_3",
    "4": "sev_4",
}
LOWER: dict[str, MessageKey] = {
    "0": "lower_0",
    "1": "lower_1",
    "2": "lower_2",
    "3": "lower_3",
    "4": "lower_4",
}
IMPACT: dict[str, MessageKey] = {
    "0": "impact_0",
    "1": "impact_1",
    "2": "impact_2",
    "3": "impact_3",
    "4": "impact_4",
}
PHONE_LINE: dict[str, MessageKey] = {
    "surgery": "phone_line_surgery",
    "clinic": "phone_line_clinic",
}
PHONE_CHANGE: dict[str, MessageKey] = {
    "surgery": "phone_change_surgery",
    "clinic": "phone_change_clinic",
}
PHONE_ASK: dict[str, MessageKey] = {
    "surgery": "phone_ask_surgery",
    "clinic": "phone_ask_clinic",
}
PHONE_RETYPE: dict[str, MessageKey] = {
    "surgery": "phone_retype_surgery",
    "clinic": "phone_retype_clinic",
}
PHONE_SAVED: dict[str, MessageKey] = {
    "surgery": "phone_saved_surgery",
    "clinic": "phone_saved_clinic",
}
PHONE_KEPT: dict[str, MessageKey] = {
    "surgery": "phone_kept_surgery",
    "clinic": "phone_kept_clinic",
}
PHONE_REMOVED: dict[str, MessageKey] = {
    "surgery": "phone_removed_surgery",
    "clinic": "phone_removed_clinic",
}
PHONE_SKIPPED: dict[str, MessageKey] = {
    "surgery": "phone_skipped_surgery",
    "clinic": "phone_skipped_clinic",
}
PHONE_NONE: dict[str, MessageKey] = {
    "surgery": "phone_none_surgery",
    "clinic": "phone_none_clinic",
}
COMMAND: dict[str, MessageKey] = {
    "checkin": "cmd_checkin",
    "settings": "cmd_settings",
    "timezone": "cmd_timezone",
    "checkin_time": "cmd_checkin_time",
    "pause": "cmd_pause",
    "resume": "cmd_resume",
    "help": "cmd_help",
    "start": "cmd_start",
    "language": "cmd_language",
    "botox": "cmd_botox",
    "botox_history": "cmd_botox_history",
    "botox_interval": "cmd_botox_interval",
    "appointment": "cmd_appointment",
    "appointments": "cmd_appointments",
    "surgery": "cmd_surgery",
    "clinic": "cmd_clinic",
    "medication": "cmd_medication",
    "medications": "cmd_medications",
    "medication_change": "cmd_medication_change",
    "reminders": "cmd_reminders",
    "summary": "cmd_summary",
    "report": "cmd_report",
    "share": "cmd_share",
    "weekly": "cmd_weekly",
    "export": "cmd_export",
    "delete": "cmd_delete",
    "privacy": "cmd_privacy",
    "side_effects": "cmd_side_effects",
}
EXAMPLE: dict[str, MessageKey] = {
    "timezone": "example_timezone",
    "checkin_time": "example_checkin_time",
    "pause": "example_pause",
    "language": "example_language",
    "botox": "example_botox",
    "botox_interval": "example_botox_interval",
    "appointment": "example_appointment",
    "surgery": "example_surgery",
    "clinic": "example_clinic",
    "medication": "example_medication",
    "medication_change": "example_medication_change",
    "summary": "example_summary",
    "report": "example_report",
    "weekly": "example_weekly",
}
PAUSE_BTN: dict[int, MessageKey] = {
    1: "pause_btn_1",
    3: "pause_btn_3",
    7: "pause_btn_7",
    14: "pause_btn_14",
}
PAUSE_DATE: dict[str, MessageKey] = {
    "far": "pause_date_far",
    "form": "pause_date_form",
    "past": "pause_date_past",
}
MED_PER_DAY: dict[int, MessageKey] = {
    1: "med_btn_per_day_1",
    2: "med_btn_per_day_2",
    3: "med_btn_per_day_3",
}
VS_BEFORE: dict[str, MessageKey] = {
    "gone": "sum_vs_before_gone",
    "much_better": "sum_vs_before_much_better",
    "bit_better": "sum_vs_before_bit_better",
    "same": "sum_vs_before_same",
    "worse": "sum_vs_before_worse",
}
TABLE: dict[str, MessageKey] = {
    "patient": "data_table_patient",
    "schedule": "data_table_schedule",
    "occurrence": "data_table_occurrence",
    "checkin": "data_table_checkin",
    "botoxcycle": "data_table_botoxcycle",
    "appointment": "data_table_appointment",
    "surgery": "data_table_surgery",
    "surgerycheck": "data_table_surgerycheck",
    "medication": "data_table_medication",
    "doselog": "data_table_doselog",
    "side_effect": "data_table_side_effect",
    "medication_change": "data_table_medication_change",
    "questionnaire_response": "data_table_questionnaire_response",
    "caregiver": "data_table_caregiver",
    "share": "data_table_share",
    "shareinvite": "data_table_shareinvite",
    "carelink": "data_table_carelink",
    "caring_for": "data_table_caring_for",
}
KIND: dict[str, MessageKey] = {
    "botox_onset": "kind_botox_onset",
    "botox_effect": "kind_botox_effect",
    "botox_booking": "kind_botox_booking",
    "botox_due": "kind_botox_due",
    "appt_day_before": "kind_appt_day_before",
    "appt_soon": "kind_appt_soon",
    "appt_followup": "kind_appt_followup",
    "surgery_daily": "kind_surgery_daily",
    "surgery_progress": "kind_surgery_progress",
    "surgery_followup": "kind_surgery_followup",
    "checkin": "kind_checkin",
    "med_dose": "kind_med_dose",
    "summary_weekly": "kind_summary_weekly",
    "qn": "kind_qn",
}
