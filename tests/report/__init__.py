"""Tests of the outputs: report, plot, report_xlsx, the browser and notebook renderings."""
