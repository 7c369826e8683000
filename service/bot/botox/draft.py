"""The injection being entered (or completed with details): the draft in the patient's dialog
state, and the detail steps asked after the date and the units.

The detail steps, each skippable with one tap: the product (buttons; "Other…" asks its name),
the units per site (the sites of the affected side as toggles, then each ticked site's units,
typed or skipped) and who injected (typed). ``ask_details`` asks the first one still open, or
returns None when all are done (then the read-back comes).
"""

from __future__ import annotations

import copy
import secrets
from datetime import date
from typing import Any

from service.bot.botox.entry_views import (
    injector_view,
    product_name_view,
    product_view,
    site_units_view,
    sites_view,
)
from service.bot.dialog import Waiting, dialog_of, put_draft
from service.bot.kit import Reply, Turn
from service.domain.record import SITES

KIND = "botox"
Draft = dict[str, Any]


def new_draft(turn: Turn, *, first: bool = False, cycle: int | None = None) -> Draft:
    """An empty draft with a fresh id (``first``: asked after choosing Botox; ``cycle``: the
    details of this logged injection)."""
    return {
        "kind": KIND,
        "id": secrets.randbelow(10**9),  # a tap on another draft's buttons finds nothing
        "on": None,  # the date, ISO
        "opts": None,  # the two readings of an ambiguous date, ISO
        "said": None,  # what the patient typed for it
        "units": None,
        "units_done": False,  # units given, "don't know", or not asked (a date was given)
        "units_bad": False,  # the units typed could not be stored: asked before the product
        "note": None,
        "first": first,
        "cycle": cycle,  # completing a logged injection (no new one)
        "product": None,  # a record.Product value once answered
        "product_name": None,
        "ticked": [],  # the sites ticked, in SITES order
        "sites_done": False,
        "site_units": {},  # site -> units or None (skipped), as asked
        "injector": None,
        "injector_done": False,
    }


def current_draft(turn: Turn, draft_id: int | None = None) -> Draft | None:
    """The patient's Botox draft (only the one with ``draft_id``, when given)."""
    draft = dialog_of(turn.me).draft
    if draft is None or draft.get("kind") != KIND:
        return None
    if draft_id is not None and draft.get("id") != draft_id:
        return None
    # A copy: changing the stored dict in place would hide the change from the database (the
    # JSON column is compared with what was loaded, and that would be the changed dict).
    return copy.deepcopy(draft)


def day_of(draft: Draft) -> date | None:
    """The draft's date, if known."""
    return date.fromisoformat(draft["on"]) if draft.get("on") else None


def next_site(draft: Draft) -> str | None:
    """The ticked site whose units are still to ask."""
    asked = draft.get("site_units") or {}
    return next((site for site in draft.get("ticked") or [] if site not in asked), None)


def reset_details(draft: Draft) -> None:
    """Ask the product, the sites and who injected again (Change)."""
    draft.update(
        product=None,
        product_name=None,
        ticked=[],
        sites_done=False,
        site_units={},
        injector=None,
        injector_done=False,
    )


def ask_product(
    turn: Turn, draft: Draft, problem: str | None = None, *, edit: bool = False
) -> Reply | None:
    """Ask the product (or its name, after "Other…"); None when answered or skipped."""
    lang, draft_id = turn.lang, draft["id"]
    if draft.get("product") is None:
        put_draft(turn.me, draft)
        text, markup = product_view(draft_id, lang, problem)
        return Reply(text, markup, edit=edit)
    if draft["product"] == "other" and not draft.get("product_name"):
        put_draft(turn.me, draft, Waiting.BOTOX_PRODUCT_NAME)
        text, markup = product_name_view(draft_id, lang, problem)
        return Reply(text, markup, edit=edit)
    return None


def ask_details(
    turn: Turn, draft: Draft, problem: str | None = None, *, edit: bool = False
) -> Reply | None:
    """Ask the first detail still open after the units (the sites, a site's units, who
    injected); None when all are answered or skipped."""
    lang, draft_id = turn.lang, draft["id"]
    if not draft.get("sites_done"):
        put_draft(turn.me, draft)
        ticked = [site for site in SITES if site in (draft.get("ticked") or [])]
        text, markup = sites_view(draft_id, ticked, turn.me.side, lang, problem)
        return Reply(text, markup, edit=edit)
    site = next_site(draft)
    if site is not None:
        put_draft(turn.me, draft, Waiting.BOTOX_SITE_UNITS)
        text, markup = site_units_view(draft_id, site, lang, problem)
        return Reply(text, markup, edit=edit)
    if not draft.get("injector_done"):
        put_draft(turn.me, draft, Waiting.BOTOX_INJECTOR)
        text, markup = injector_view(draft_id, lang, problem)
        return Reply(text, markup, edit=edit)
    return None
