"""The yearly leefloon amounts per category and the exemptions that go with them, one version per
indexation (law of 26 May 2002, art. 14 §1; royal decree of 11 July 2002, art. 22 §2 and 35).
Seeded by migration 0002 with the amounts found in public sources, each with its source; an
administrator adds the next indexation as a draft, previews what it does to the running
leefloons and publishes it. A published version never changes."""

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from clients.models import Income
from core.fields import NOTE_MAX, DateField, TextField

# One vocabulary for the category everywhere: the income line of a leefloon uses it too.
Category = Income.LeefloonCategory


def money(label: object) -> "models.DecimalField[Decimal | int | str, Decimal]":
    """An amount in euro with cents."""
    return models.DecimalField(label, max_digits=10, decimal_places=2)  # type: ignore[arg-type]  # a lazy translation is a valid verbose name


class ScaleStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class LeefloonScaleQuerySet(models.QuerySet["LeefloonScale"]):
    def published(self) -> "LeefloonScaleQuerySet":
        return self.filter(status=ScaleStatus.PUBLISHED)

    def on(self, day: dt.date) -> "LeefloonScale | None":
        """The published version of `day`: the latest that started on or before it."""
        return self.published().filter(valid_from__lte=day).order_by("-valid_from").first()


class LeefloonScale(models.Model):
    """The amounts of one indexation: yearly leefloon per category, the general exemption per
    category (yearly, not indexed), the exemption for socio-professional integration (monthly,
    indexed) with its students' variants, and how long that exemption may run."""

    valid_from = DateField(_("valid from"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScaleStatus.choices, default=ScaleStatus.DRAFT
    )
    cohabitant_yearly = money(_("cohabitant, per year"))
    single_yearly = money(_("single, per year"))
    family_yearly = money(_("with a dependent family, per year"))
    exemption_cohabitant_yearly = money(_("general exemption, cohabitant, per year"))
    exemption_single_yearly = money(_("general exemption, single, per year"))
    exemption_family_yearly = money(_("general exemption, with a dependent family, per year"))
    spi_monthly = money(_("exemption for socio-professional integration, per month"))
    spi_student_grant_monthly = money(
        _("exemption for a student's work, student with a study grant, per month")
    )
    spi_student_monthly = money(
        _("exemption for a student's work, student without a study grant, per month")
    )
    spi_max_months = models.PositiveSmallIntegerField(
        _("exemption for socio-professional integration: at most (months)"), default=36
    )
    source = TextField(_("source"), max_length=NOTE_MAX)
    # Empty for the versions the migration seeded.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, db_default=1, editable=False)

    objects = LeefloonScaleQuerySet.as_manager()

    class Meta:
        verbose_name = _("leefloon amounts")
        verbose_name_plural = _("leefloon amounts")
        ordering = ["-valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(cohabitant_yearly__gt=0)
                & Q(single_yearly__gte=models.F("cohabitant_yearly"))
                & Q(family_yearly__gte=models.F("single_yearly")),
                name="leefloonscale_amounts_ordered",
            ),
            models.CheckConstraint(
                condition=Q(exemption_cohabitant_yearly__gte=0)
                & Q(exemption_single_yearly__gte=0)
                & Q(exemption_family_yearly__gte=0)
                & Q(spi_monthly__gte=0)
                & Q(spi_student_grant_monthly__gte=0)
                & Q(spi_student_monthly__gte=0),
                name="leefloonscale_exemptions_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(published_at__isnull=False, created_by__isnull=True)
                | Q(published_at__isnull=False, published_by__isnull=False),
                name="leefloonscale_published_has_when",
            ),
            models.CheckConstraint(condition=~Q(source=""), name="leefloonscale_source_given"),
        ]

    def __str__(self) -> str:
        return f"{self.valid_from:%d/%m/%Y}"

    @property
    def is_published(self) -> bool:
        return self.status == ScaleStatus.PUBLISHED

    def yearly(self, category: str) -> Decimal:
        return {
            Category.COHABITANT: self.cohabitant_yearly,
            Category.SINGLE: self.single_yearly,
            Category.FAMILY: self.family_yearly,
        }[Category(category)]

    def general_exemption(self, category: str) -> Decimal:
        return {
            Category.COHABITANT: self.exemption_cohabitant_yearly,
            Category.SINGLE: self.exemption_single_yearly,
            Category.FAMILY: self.exemption_family_yearly,
        }[Category(category)]
