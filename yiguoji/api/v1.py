"""``/api/v1/``: the schema, the docs, and each app's ``api/urls.py`` found by app label.

The core knows no app (style.md): an installed app that has an ``api.urls`` module is mounted
at ``/api/v1/`` (its patterns carry their own resource names, e.g. ``projects/``).
"""

from importlib import import_module

from django.apps import apps
from django.urls import include, path
from django.utils.module_loading import module_has_submodule

from yiguoji.api.views.docs import DocsView, SchemaView

app_name = "api-v1"


def _app_apis():
    for config in apps.get_app_configs():
        if config.name.startswith("yiguoji") or not module_has_submodule(config.module, "api"):
            continue
        package = import_module(f"{config.name}.api")
        if hasattr(package, "__path__") and module_has_submodule(package, "urls"):
            yield path("", include(f"{config.name}.api.urls"))


urlpatterns = [
    path("schema/", SchemaView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(), name="docs"),
    *_app_apis(),
]
