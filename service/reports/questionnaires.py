"""Reading questionnaire responses for reports and exports (the PDF, FHIR): typed, read-only.

An unanswered questionnaire is returned as unanswered, with no score; a score exists only when
every item was answered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from service.db.models import QuestionnaireResponse, ResponseState
from service.domain.questionnaires import Questionnaire, shipped


@dataclass(frozen=True)
class ResponseResult:
    """One questionnaire asked once."""

    questionnaire: str
    definition: Questionnaire | None  # None for an id no longer shipped
    occasion: str | None  # "monthly", "6w", "3m", ...
    ref_id: int | None  # the Botox cycle of an after-injection one
    due_on: date
    state: ResponseState
    answers: dict[str, str]
    score: int | None
    answered_at: datetime | None

    @property
    def answered(self) -> bool:
        """Complete, with a score."""
        return self.state is ResponseState.ANSWERED


async def latest_responses(
    session: AsyncSession, patient_id: int, since: date
) -> list[ResponseResult]:
    """The patient's questionnaires due on or after ``since`` that have closed or been
    answered (one still open is left out), oldest first."""
    stmt = (
        select(QuestionnaireResponse)
        .where(
            col(QuestionnaireResponse.patient_id) == patient_id,
            col(QuestionnaireResponse.due_on) >= since,
            col(QuestionnaireResponse.state) != ResponseState.OPEN,
        )
        .order_by(col(QuestionnaireResponse.due_on), col(QuestionnaireResponse.id))
    )
    known = shipped()
    return [
        ResponseResult(
            questionnaire=row.questionnaire,
            definition=known.get(row.questionnaire),
            occasion=row.occasion,
            ref_id=row.ref_id,
            due_on=row.due_on,
            state=ResponseState(row.state),
            answers={str(k): str(v) for k, v in (row.answers or {}).items()},
            score=row.score if row.state == ResponseState.ANSWERED else None,
            answered_at=row.answered_at,
        )
        for row in (await session.exec(stmt)).all()
    ]
