from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "yiguoji.core"
    label = "core"
    verbose_name = "基础数据"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from yiguoji.core import portal  # noqa: F401  (menu entries, capabilities, job kinds)
        from yiguoji.core.models import District

        # The district's words are kept per process (yiguoji.core.terms): a change drops them.
        post_save.connect(_forget_terms, sender=District, dispatch_uid="district-terms-saved")
        post_delete.connect(_forget_terms, sender=District, dispatch_uid="district-terms-deleted")
        from yiguoji.scope import forget_grants

        post_delete.connect(forget_grants, dispatch_uid="scope-forget-grants")


def _forget_terms(**kwargs):
    from yiguoji.core.terms import forget

    forget()
