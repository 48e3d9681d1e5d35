"""The backups page (issue 17 item 6): last sets and sizes, the last restore drill, the keys."""

from django.shortcuts import render

from yiguoji.backups import selectors
from yiguoji.core import access
from yiguoji.core.capabilities import VIEW_BACKUPS


def backup_overview(request):
    access.require(request.user, VIEW_BACKUPS)
    return render(request, "core/backups.html", {"o": selectors.backup_overview(request.user)})
