"""Reads of the payroll app, always through the user's scope (yiguoji.scope)."""
