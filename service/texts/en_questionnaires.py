"""English texts for the outcome questionnaires (service/domain/questionnaires/data/).

The wording of a shipped questionnaire's items and answers is here, keyed ``q_<id>_<item>`` and
``q_<id>_<item>_a_<answer>`` (or ``q_<id>_a_<answer>`` for answers shared by its items), so that
it is translated like every other text. HFS-7's items are not here: their wording is the
authors' and comes from the operator's wording file (docs/questionnaires.md).
"""

from __future__ import annotations

from service.texts.catalogue import M, P, catalogue

MESSAGES = catalogue(
    M("kind_qn", "Questionnaire"),
    # ---- SMC grade, self-rated (Lee 2012; the grades in the bot's own words) -----------------
    M("q_smc_title", "Spasm grade"),
    M("q_smc_grade", "Which is closest to your spasm over the past week?"),
    M("q_smc_grade_a_0", "0 No spasm now"),
    M("q_smc_grade_a_1", "I Around the eye only"),
    M("q_smc_grade_a_2", "II Also mouth, cheek, forehead or neck"),
    M("q_smc_grade_a_3", "III Often long spasms that get in the way of seeing"),
    M("q_smc_grade_a_4", "IV My face looks clearly uneven"),
    # ---- Patient Global Impression of Change ----------------------------------------------------
    M("q_pgic_title", "Overall change"),
    M(
        "q_pgic_change",
        "Since this treatment began, how would you describe your spasm overall, compared with "
        "before it?",
    ),
    M("q_pgic_change_a_vmb", "Very much better"),
    M("q_pgic_change_a_mb", "Much better"),
    M("q_pgic_change_a_lb", "A little better"),
    M("q_pgic_change_a_nc", "No change"),
    M("q_pgic_change_a_lw", "A little worse"),
    M("q_pgic_change_a_mw", "Much worse"),
    M("q_pgic_change_a_vmw", "Very much worse"),
    # ---- HFS-7: its title only; its items come from the operator's wording file ------------
    M("q_hfs7_title", "HFS-7 quality of life"),
    # ---- the prompt ---------------------------------------------------------------------------
    M("q_occasion_monthly", "Your monthly question ({title})."),
    P(
        "q_occasion_injection",
        "It is {count} week since your injection on {date} ({title}).",
        "It is {count} weeks since your injection on {date} ({title}).",
        "count",
    ),
    P(
        "q_occasion_surgery",
        "It is {count} month since your surgery on {date} ({title}).",
        "It is {count} months since your surgery on {date} ({title}).",
        "count",
    ),
    M("q_progress", "Question {number} of {total}"),
    M("q_followup", "A gentle reminder: this question is still open. One tap answers it."),
    M("q_snoozed", "Okay, I'll ask again at {time}."),
    M("q_saved", "Thank you, saved: {answer}"),
    M("q_saved_score", "Thank you, saved. Score {score} (from {low} to {high}; lower is better)."),
    M("q_closed", "This question has closed; nothing was saved for it."),
    M("q_answered_already", "You have answered this one already."),
)
