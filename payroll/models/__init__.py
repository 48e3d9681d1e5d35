from payroll.models.surveys import SurveyResponse, SurveyRound
from payroll.models.workers import Worker

__all__ = ["SurveyResponse", "SurveyRound", "Worker"]
