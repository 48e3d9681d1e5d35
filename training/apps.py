from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "技能培训"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from training import portal  # noqa: F401  (scope rules, capabilities, menu, slots, seeders)
