"""The one home of test support: helpers that tests import, and the fixtures (``fixtures.py``).

project, running, onboarding, chat, raw_updates, database, pseudo, report_world, bare_app,
rounds.
"""
