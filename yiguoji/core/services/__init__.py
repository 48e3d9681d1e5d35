"""Writes of the core, as ``<entity>_<action>(*, acting_user, ...)`` functions."""
