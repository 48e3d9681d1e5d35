"""Monitoring and assessment: monthly and quarterly reports, acceptance, scoring, dashboard."""

from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "监测考核"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from assessment import portal  # noqa: F401  (scope rules, capabilities, menu, jobs, seeders)
        from assessment.tasks import wage_figures_changed
        from payroll.signals import wage_figures_changed as signal

        signal.connect(wage_figures_changed, dispatch_uid="assessment.project_reports")
