"""What the project pipeline tells subscribed systems (issue 15, item 5): a complaint opened.

Recorded when the complaint's transaction commits, for the clients whose scope covers the
complaint (``projects.scopes.complaint_q``: routed to or recorded by their organisation, on a
project they see, or a wage complaint for the labour bureau). The payload has the complaint's
number, kind, channel, project, month and deadlines; never the complainant, the phone or the
text (it may name people or quote their numbers).
"""

from __future__ import annotations

from yiguoji.api.choices import EventKind
from yiguoji.api.webhooks import event_record


def complaint_opened(complaint) -> None:
    def payload() -> dict:
        from projects.models import Project

        code = None
        if complaint.project_id:
            code = Project.objects.values_list("code", flat=True).get(pk=complaint.project_id)
        return {
            "complaint": complaint.pk,
            "number": complaint.number,
            "kind": complaint.kind,
            "channel": complaint.channel,
            "project": complaint.project_id,
            "project_code": code,
            "month": f"{complaint.month:%Y-%m}" if complaint.month else None,
            "handler": complaint.handler_id,
            "anonymous": complaint.anonymous,
            "received_at": complaint.received_at,
            "acknowledge_by": complaint.acknowledge_by,
            "answer_by": complaint.answer_by,
            "close_by": complaint.close_by,
        }

    event_record(EventKind.COMPLAINT_OPENED, complaint, payload)
