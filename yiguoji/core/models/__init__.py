from yiguoji.core.models.backups import RestoreDrill
from yiguoji.core.models.geography import District, Township, Village
from yiguoji.core.models.jobs import Job, JobStatus
from yiguoji.core.models.keys import KeyRotation
from yiguoji.core.models.notifications import Notification
from yiguoji.core.models.organisations import Organisation
from yiguoji.core.models.reveals import RevealLog
from yiguoji.core.models.users import User

__all__ = [
    "District",
    "Job",
    "JobStatus",
    "KeyRotation",
    "Notification",
    "Organisation",
    "RestoreDrill",
    "RevealLog",
    "Township",
    "User",
    "Village",
]
