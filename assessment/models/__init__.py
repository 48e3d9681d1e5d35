from assessment.models.acceptance import Acceptance, AcceptanceDocument
from assessment.models.reports import MonthlyReport, QuarterlyDispatch
from assessment.models.scoring import Appeal, Forecast, ScoreLine, ScoreSheet, ScoringRule
from assessment.models.summaries import AnnualSummary, CaseStudy, SummaryPhoto
from assessment.models.supervision import Finding, FindingEvidence, Recovery
from assessment.models.year import AssessmentYear

__all__ = [
    "Acceptance",
    "AcceptanceDocument",
    "AnnualSummary",
    "Appeal",
    "AssessmentYear",
    "CaseStudy",
    "Finding",
    "FindingEvidence",
    "Forecast",
    "MonthlyReport",
    "QuarterlyDispatch",
    "Recovery",
    "ScoreLine",
    "ScoreSheet",
    "ScoringRule",
    "SummaryPhoto",
]
