from projects.models.complaints import Complaint, ComplaintRule, ComplaintStep
from projects.models.delivery import (
    ArchiveItem,
    ArchiveRule,
    AssetShare,
    Disbursement,
    Dividend,
    Handover,
)
from projects.models.documents import ProjectDocument, PublicNotice
from projects.models.lifecycle import ChangeRequest, ProjectReview, ProjectTransition
from projects.models.planning import ExpenditureLine, FundingLine, Position
from projects.models.programme import AtRiskCollective, DocumentRequirement, ProgrammeYear
from projects.models.project import Project, ProjectTownship, ProjectVillage
from projects.models.publication import Publication, PublicSettings
from projects.models.recognition import Recognition, RecognitionDepartment

__all__ = [
    "ArchiveItem",
    "ArchiveRule",
    "AssetShare",
    "AtRiskCollective",
    "ChangeRequest",
    "Complaint",
    "ComplaintRule",
    "ComplaintStep",
    "Disbursement",
    "Dividend",
    "DocumentRequirement",
    "ExpenditureLine",
    "FundingLine",
    "Handover",
    "Position",
    "ProgrammeYear",
    "Project",
    "ProjectDocument",
    "ProjectReview",
    "ProjectTownship",
    "ProjectTransition",
    "ProjectVillage",
    "PublicNotice",
    "PublicSettings",
    "Publication",
    "Recognition",
    "RecognitionDepartment",
]
