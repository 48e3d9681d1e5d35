"""Writes of the payroll app: ``<entity>_<action>(*, acting_user, ...)``, atomic and audited."""
