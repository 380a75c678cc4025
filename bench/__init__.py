"""Benchmarks of micic-checklist-bot: ``make bench`` or ``python -m bench`` (not in the tests)."""
