from django.apps import AppConfig


class PayrollConfig(AppConfig):
    name = "payroll"
    verbose_name = "务工与劳务报酬"
    default_auto_field = "django.db.models.BigAutoField"
