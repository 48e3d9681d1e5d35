from projects.models.documents import ProjectDocument, PublicNotice
from projects.models.lifecycle import ChangeRequest, ProjectReview, ProjectTransition
from projects.models.planning import ExpenditureLine, FundingLine, Position
from projects.models.programme import DocumentRequirement, ProgrammeYear
from projects.models.project import Project, ProjectTownship, ProjectVillage

__all__ = [
    "ChangeRequest",
    "DocumentRequirement",
    "ExpenditureLine",
    "FundingLine",
    "Position",
    "ProgrammeYear",
    "Project",
    "ProjectDocument",
    "ProjectReview",
    "ProjectTownship",
    "ProjectTransition",
    "ProjectVillage",
    "PublicNotice",
]
