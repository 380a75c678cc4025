"""Registers the shared fixtures; helpers live in tests/support (see its __init__)."""

import pytest

pytest.register_assert_rewrite("tests.support")

pytest_plugins = ["tests.support.fixtures"]
