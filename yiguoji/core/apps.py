from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yiguoji.core"
    label = "core"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from yiguoji.core import portal  # noqa: F401  (menu entries, capabilities, job kinds)
