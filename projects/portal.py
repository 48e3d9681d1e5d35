"""What the project pipeline adds to the shell: scope rules, capabilities, menu, seeders."""

from projects import scopes  # noqa: F401  (registers)
