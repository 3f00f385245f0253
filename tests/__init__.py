"""The test suite; ``tests.support`` is what its modules and the benchmarks share."""

import pytest

# The support modules' asserts explain their failures as a test's own would.
pytest.register_assert_rewrite("tests.support")
