"""Findings and Results → text, JSON, JUnit, GitHub, SARIF; the results file; verification statuses."""
