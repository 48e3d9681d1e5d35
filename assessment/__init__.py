"""Monitoring and assessment: monthly and quarterly reports, acceptance, scoring, dashboard."""
