from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "技能培训"
    default_auto_field = "django.db.models.BigAutoField"
