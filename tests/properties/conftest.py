"""Hypothesis's two profiles for the property-based tests of bad input.

``make test`` runs the "test" profile: few examples, drawn from a fixed seed, so that a
fresh clone runs the same cases in a few seconds per class. ``make fuzz`` runs "fuzz":
many more examples, new ones each run; a failure it finds is printed with the smallest
example that shows it, to be kept as a regression test.
"""

import os

from hypothesis import HealthCheck, settings

settings.register_profile("test", max_examples=60, derandomize=True, deadline=None,
                          database=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("fuzz", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("NNBOOK_HYPOTHESIS_PROFILE", "test"))
