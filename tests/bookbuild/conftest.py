"""The build tests' fixture: a small book in the test's own folder."""

import pytest

from .helpers import SmallBook


@pytest.fixture
def small_book(tmp_path):
    """A :class:`SmallBook` in the test's temporary folder."""
    return SmallBook(tmp_path)
