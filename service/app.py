"""The one place where the Application is wired: handlers, jobs, lifecycle hooks, in order."""

from __future__ import annotations

import asyncio
import logging
import os
from collections.abc import Callable
from datetime import datetime

from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
)

from service.bot import care_link, chat, guard, registry
from service.bot.state import App, AppState, Context
from service.config import Settings
from service.db.engine import Database
from service.db.migrate import upgrade
from service.domain.clock import Clock, SystemClock
from service.domain.timezones import preload as preload_zone_data
from service.scheduling.dispatcher import Dispatcher, OccurrenceHandler
from service.scheduling.leader import Leadership
from service.transport.intake import GuardedUpdater, SkipUnreadableUpdates
from service.transport.limits import ChatRateLimiter, PerChatUpdateProcessor

log = logging.getLogger(__name__)

# python-telegram-bot 22: durations (e.g. RetryAfter.retry_after) as timedelta, without warnings.
os.environ.setdefault("PTB_TIMEDELTA", "1")

WAKE_JOB = "dispatcher-wake"
PERIODIC_JOB = "dispatcher-periodic"


def build_application(
    settings: Settings,
    *,
    clock: Clock | None = None,
    migrate: bool = True,
    serve_updates_as_standby: bool = False,
    stop_when_leadership_lost: bool = False,
) -> App:
    """Build the bot: Telegram client, handlers, error handler, and the delivery engine.

    On PostgreSQL only one replica leads (polls Telegram, runs the dispatcher): post_init waits
    for the leader lock, unless ``serve_updates_as_standby`` (webhook mode), where every replica
    takes updates and only the leader's dispatcher sends. A leader whose lock connection ends
    stops sending at once; with ``stop_when_leadership_lost`` (``hfsbot run``) it also stops
    the application, and the process exits non-zero so that its supervisor restarts it.
    """
    clock = clock or SystemClock()

    async def post_init(app: App) -> None:
        # Resources first, then the engine (recover, re-arm), then the command menu.
        state: AppState = app.bot_data
        state.settings = settings
        state.clock = clock
        state.listeners = registry.listeners()
        if migrate:
            await upgrade(settings.database_url)
        state.db = Database(settings.database_url)
        kinds: dict[str, OccurrenceHandler] = registry.occurrence_handlers(settings)
        state.leadership = Leadership(
            state.db.engine, on_lost=lambda: _leadership_lost(app, stop_when_leadership_lost)
        )
        state.dispatcher = Dispatcher(
            db=state.db,
            clock=clock,
            bot=app.bot,
            handlers=kinds,
            arm=_armer(app, clock),
            send_concurrency=settings.send_concurrency,
            send_read_timeout=settings.telegram_read_timeout_seconds,
            leadership=state.leadership,
            running=lambda: app.running,
        )
        # Build the offline city/zone index in a thread, so no patient's reply waits for it.
        await asyncio.to_thread(preload_zone_data)
        assert app.job_queue is not None
        every = settings.dispatcher_interval_seconds
        app.job_queue.run_repeating(_wake, interval=every, first=every, name=PERIODIC_JOB)
        if serve_updates_as_standby:
            app.create_task(_lead_when_possible(app), name="leadership")
        else:
            await state.leadership.wait()  # standbys wait here, without polling Telegram
            await _become_leader(app)
        await chat.publish_profile(app.bot)

    async def post_shutdown(app: App) -> None:
        state: AppState = app.bot_data
        if hasattr(state, "leadership"):
            await state.leadership.release()
        if hasattr(state, "db"):
            await state.db.dispose()

    flood = guard.FloodGate(clock)  # counts updates as they arrive (the update processor)
    app: App = (
        ApplicationBuilder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        # A request delivered but answered late must not count as failed (and be sent again).
        .read_timeout(settings.telegram_read_timeout_seconds)
        .context_types(ContextTypes(bot_data=AppState))
        .rate_limiter(
            ChatRateLimiter(
                overall_per_second=settings.rate_overall_per_second,
                per_chat_per_second=settings.rate_per_chat_per_second,
                paid_per_second=settings.paid_broadcast_per_second,
                flooding=flood.flooding,
            )
        )
        .get_updates_request(SkipUnreadableUpdates())
        .concurrent_updates(PerChatUpdateProcessor(64, gate=flood))
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )

    # Webhook mode: check each request's secret before reading its body.
    async def care_page(token: str, what: str) -> tuple[int, str, bytes]:
        return await care_link.serve_care_file(app.bot_data, token, what)

    app.updater = GuardedUpdater(bot=app.bot, update_queue=app.update_queue, pages=care_page)

    # Group -2: guards (flood control, malformed input) before anything else.
    for handler in guard.handlers(flood):
        app.add_handler(handler, group=-2)
    # Group -1: groups and channels are turned away before any feature sees them.
    for handler in chat.guard_handlers():
        app.add_handler(handler, group=-1)
    # Group 0, in order: features, then the fallbacks that make sure nothing goes unanswered.
    app.add_handlers(registry.handlers())
    app.add_handlers(chat.fallback_handlers(registry.answers()))
    app.add_handler(CallbackQueryHandler(chat.stale_callback))
    app.add_error_handler(chat.error_handler)
    return app


def _armer(app: App, clock: Clock) -> Callable[[datetime | None], None]:
    """A function that (re)sets the one wake-up job at an instant of the injected clock."""

    def arm(when: datetime | None) -> None:
        queue = app.job_queue
        assert queue is not None
        for job in queue.get_jobs_by_name(WAKE_JOB):
            job.schedule_removal()
        app.bot_data.armed_at = when
        if when is None:
            return
        delay = max(0.0, (when - clock.now()).total_seconds())
        queue.run_once(_wake, when=delay, name=WAKE_JOB, job_kwargs={"misfire_grace_time": None})

    return arm


async def _wake(context: Context) -> None:
    """APScheduler's job: let the dispatcher send whatever is due (leader only)."""
    state = context.bot_data
    if not state.leadership.is_leader:
        return
    if not await state.leadership.still_leading():
        return  # the lock is gone: _leadership_lost has stopped the dispatcher (and the app)
    await state.dispatcher.run_due()


def _leadership_lost(app: App, stop_app: bool) -> None:
    """The leader lock is gone (a standby may lead already): send nothing more, and stop
    polling at once so that the process exits and its supervisor restarts it."""
    app.bot_data.dispatcher.stop()
    if stop_app:
        app.stop_running()


async def _become_leader(app: App) -> None:
    """Start leading: recover interrupted sends, the features' start-up work, then arm the
    next wake."""
    await app.bot_data.dispatcher.recover()
    await registry.at_start(app.bot_data)
    await app.bot_data.dispatcher.rearm()


async def _lead_when_possible(app: App) -> None:
    """Webhook mode: serve updates at once, take the dispatcher over when the lock is free."""
    await app.bot_data.leadership.wait()
    await _become_leader(app)


async def start(app: App, *, poll_timeout: float = 10.0) -> None:
    """Start without blocking (tests, benchmarks): initialise, post_init, start, poll."""
    await app.initialize()
    if app.post_init:
        await app.post_init(app)
    await app.start()
    assert app.updater is not None
    await app.updater.start_polling(
        poll_interval=0.0, timeout=int(poll_timeout), allowed_updates=Update.ALL_TYPES
    )


async def stop(app: App) -> None:
    """Stop what ``start`` started: drain the updates received, then close resources."""
    assert app.updater is not None
    if app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown:
        await app.post_shutdown(app)
