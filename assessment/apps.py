from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = "监测考核"
    default_auto_field = "django.db.models.BigAutoField"
