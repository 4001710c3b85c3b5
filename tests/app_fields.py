"""Every field of the apps' models and forms, for the tests that check a rule holds for all of
them (bounded dates, bounded text): a new field that forgets the rule fails those tests."""

import importlib
import pkgutil
from functools import cache
from typing import Any

from django import forms
from django.apps import apps as django_apps
from django.db import models

APPS = (
    "core",
    "wijkteams",
    "clients",
    "documents",
    "procedure",
    "budgets",
    "integration",
    "rights",
)


def model_fields() -> list[tuple[str, models.Field[Any, Any]]]:
    """(label.field, field) for every concrete field of the apps' models."""
    return [
        (f"{model._meta.label}.{field.name}", field)
        for model in django_apps.get_models()
        if model._meta.app_label in APPS
        for field in model._meta.concrete_fields
    ]


@cache
def form_classes() -> tuple[type[forms.BaseForm], ...]:
    """Every form class the apps define (their modules imported first)."""
    for app in APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" not in module.name and ".management" not in module.name:
                importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[forms.BaseForm]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] in APPS:
            found.append(cls)
    return tuple(found)


def form_fields() -> list[tuple[str, forms.Field]]:
    """(module.Form.field, field) for every declared or model-made field of the apps' forms."""
    return [
        (f"{cls.__module__}.{cls.__name__}.{name}", field)
        for cls in form_classes()
        for name, field in getattr(cls, "base_fields", {}).items()
    ]
