"""The one home of test support: the project's files, a running bot, users in chat, fixtures.

Fixtures are declared once, in ``fixtures.py`` (registered by ``tests/conftest.py``); the other
modules hold plain helpers that tests import.
"""
