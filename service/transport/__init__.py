"""Talking to Telegram: the rate limits and update intake every part of the bot goes through.

Beside the bot rather than inside it: the delivery engine (``service.scheduling``) sends through
the same limiter as the handlers, so neither owns it.
"""
