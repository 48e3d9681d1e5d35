"""Workers, labour survey, hiring, attendance and monthly wage ledgers."""

from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "payroll"
    verbose_name = "务工与劳务报酬"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from payroll import portal  # noqa: F401  (scope rules, capabilities, menu, jobs, seeders)
