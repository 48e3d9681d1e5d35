"""Writes of the training app: ``<entity>_<action>(*, acting_user, ...)``, each atomic and
audited (``acting_as``), each enforcing ``training.rules`` and re-checking the scope."""
