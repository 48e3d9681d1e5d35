"""Payroll's resources in the REST API (issue 15): the worker register (masked numbers; a full
number only with ``workers:reveal``, each a logged reveal through payroll.services.reveals)."""
