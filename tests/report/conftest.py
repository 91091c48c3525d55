"""The hand-counted October station (defined beside the figures it is checked against) is
shared by every report test module."""

from tests.report.test_monthly_figures import october  # noqa: F401  (fixture)
