"""What the payroll import commands share: the acting user, and the output contract.

Exit 0 with the one-line summary on stdout when the file was written (or, with ``--check``,
would be); exit 1 with every error on stderr, one per line as ``第9行 公民身份号码：校验码错误``,
then the summary.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from yiguoji.core.models import User


def acting_user_named(username: str | None):
    """The user named on the command line, or None (the system) when none is named."""
    if not username:
        return None
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"没有用户“{username}”")
    return user


def finish(command: BaseCommand, result) -> None:
    if result.ok:
        command.stdout.write(result.summary)
        return
    for message in result.messages():
        command.stderr.write(message)
    command.stderr.write(result.summary)
    raise SystemExit(1)
