from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "yiguoji.api"
    label = "api"
    verbose_name = "数据接口"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiguoji.api import portal  # noqa: F401  (menu entries, capabilities, scope rules)
