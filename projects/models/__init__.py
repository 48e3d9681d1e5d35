from projects.models.planning import FundingLine, Position
from projects.models.project import Project, ProjectTownship, ProjectVillage

__all__ = ["FundingLine", "Position", "Project", "ProjectTownship", "ProjectVillage"]
