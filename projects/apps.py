from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "项目管理"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from projects import portal  # noqa: F401  (scope rules, capabilities, menu, seeders)
