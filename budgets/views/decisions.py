"""Placeholder: filled in by the work on issue 4."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
