"""Writes of the leefloon amounts, by administrators: a draft version (typed, or the latest
published raised by a percentage), its changes, and publishing it, which indexes every leefloon
running on its first day.

A published version never changes. A new version starts after the latest published one: an
indexation applies from its day on, never to months already paid. Publishing is one
transaction: the version, a GrantAmount (reason indexation) per running leefloon, the client's
leefloon income line changed from that day (the old line ends the day before and stays, as
clients.services.household.income_change_from does for one line), and a line in each client's
access log; the rows go in batches (BATCH rows per statement), so the queries grow by a few per
500 leefloons, never one per leefloon. The rights scan
reads the new lines at its nightly run (one task per client would flood the queue)."""

import datetime as dt
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.access_log import access_log_record_many
from clients.models import AccessLog, Income
from clients.services import EditConflictError
from core.dates import date_range_errors, date_text
from integration.log_actions import LOG_INDEXED
from integration.models import GrantAmount, LeefloonScale, ScaleStatus
from integration.selectors_scales import (
    GrantChange,
    IndexationPreview,
    indexation_preview,
    latest_published,
    running_on,
)
from wijkteams.models import User
from wijkteams.selectors import roles_for

CENT = Decimal("0.01")
# Rows per statement when publishing: under SQLite's limit of variables in one statement.
BATCH = 500
# What an indexation raises: the category amounts (law art. 15) and the art. 35 exemptions for
# socio-professional integration (indexed, POD MI). The general exemption of KB art. 22 §2 is a
# fixed amount and stays.
INDEXED_FIELDS = (
    "cohabitant_yearly",
    "single_yearly",
    "family_yearly",
    "spi_monthly",
    "spi_student_grant_monthly",
    "spi_student_monthly",
)
COPIED_FIELDS = (
    "exemption_cohabitant_yearly",
    "exemption_single_yearly",
    "exemption_family_yearly",
    "spi_max_months",
)
EDITABLE_FIELDS = ("valid_from", *INDEXED_FIELDS, *COPIED_FIELDS, "source")


def _require_administrator(actor: User) -> None:
    if not roles_for(actor).is_administrator:
        raise PermissionDenied(_("Only administrators manage the leefloon amounts."))


def _require_draft(scale: LeefloonScale) -> None:
    if scale.is_published:
        raise ValidationError(
            _("Published amounts never change. Make a new draft for the next indexation.")
        )


def _check_starts_after_published(scale: LeefloonScale) -> None:
    """A new version starts after the latest published one: an indexation applies forward."""
    latest = latest_published(excluding=scale.pk)
    if latest is not None and scale.valid_from <= latest.valid_from:
        raise ValidationError(
            {
                "valid_from": _(
                    "New amounts start after the latest published ones (%(day)s): an "
                    "indexation never applies to months already paid."
                )
                % {"day": date_text(latest.valid_from)}
            }
        )


def _clean_and_save(scale: LeefloonScale, *, fields: list[str] | None = None) -> LeefloonScale:
    errors = date_range_errors(valid_from=scale.valid_from)
    if errors:
        raise ValidationError(errors)
    scale.full_clean(exclude=["created_by", "published_by", "status"])
    _check_starts_after_published(scale)
    try:
        with transaction.atomic():
            if fields is None:
                scale.save()
            else:
                scale.save(update_fields=fields)
    except IntegrityError as error:  # a version of the same day, saved meanwhile
        raise ValidationError(
            {"valid_from": _("There are already amounts from this day.")}
        ) from error
    return scale


@transaction.atomic
def scale_draft_create(*, actor: User, fields: Mapping[str, Any]) -> LeefloonScale:
    """A new draft with the amounts as typed."""
    _require_administrator(actor)
    scale = LeefloonScale(
        status=ScaleStatus.DRAFT,
        created_by=actor,
        **{name: fields[name] for name in EDITABLE_FIELDS if name in fields},
    )
    return _clean_and_save(scale)


@transaction.atomic
def scale_draft_update(
    *, actor: User, scale: LeefloonScale, expected_version: int, fields: Mapping[str, Any]
) -> LeefloonScale:
    """Change a draft; `expected_version` is the version its editor loaded."""
    _require_administrator(actor)
    locked = LeefloonScale.objects.select_for_update().get(pk=scale.pk)
    _require_draft(locked)
    if locked.version != expected_version:
        raise EditConflictError(current=locked)
    changed = [name for name in EDITABLE_FIELDS if name in fields]
    for name in changed:
        setattr(locked, name, fields[name])
    locked.version += 1
    return _clean_and_save(locked, fields=[*changed, "version"])


@transaction.atomic
def scale_index(
    *, actor: User, percent: Decimal, valid_from: dt.date, source: str
) -> LeefloonScale:
    """A draft from `valid_from`: the latest published amounts raised by `percent` (rounded to
    the cent, half up), the fixed amounts copied. Check it against the published figures,
    then publish it."""
    _require_administrator(actor)
    latest = latest_published()
    if latest is None:
        raise ValidationError(_("There are no published amounts to index yet."))
    factor = 1 + percent / 100
    scale = LeefloonScale(
        status=ScaleStatus.DRAFT,
        created_by=actor,
        valid_from=valid_from,
        source=source.strip(),
        **{
            name: (getattr(latest, name) * factor).quantize(CENT, rounding=ROUND_HALF_UP)
            for name in INDEXED_FIELDS
        },
        **{name: getattr(latest, name) for name in COPIED_FIELDS},
    )
    return _clean_and_save(scale)


@transaction.atomic
def scale_draft_delete(*, actor: User, scale: LeefloonScale) -> None:
    _require_administrator(actor)
    locked = LeefloonScale.objects.select_for_update().get(pk=scale.pk)
    _require_draft(locked)
    locked.delete()


def _index_income_lines(changes: list[GrantChange], day: dt.date) -> None:
    """Each client's leefloon line running on `day` changes from `day`: the line that started
    that day takes the new amount; an older one ends the day before and a new line starts; a
    client without a line gets one. A few statements per batch of BATCH lines."""
    if not changes:
        return
    # One line per client: a client with two running leefloons (rare) keeps the one of the
    # latest start, as the decision listener writes it.
    by_client = {change.client_id: change for change in changes}
    lines = (
        Income.objects.select_for_update()
        .filter(
            client_id__in=running_on(day).values("client_id"),
            member__isnull=True,
            kind=Income.Kind.LEEFLOON,
        )
        .filter(Q(starts_on__isnull=True) | Q(starts_on__lte=day))
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .order_by("client_id", "starts_on")
    )
    running: dict[int, Income] = {}
    for found in lines:
        running[found.client_id] = found  # the latest start wins
    same_day: list[Income] = []
    ended: list[Income] = []
    new_lines: list[Income] = []
    for client_id, change in by_client.items():
        line = running.get(client_id)
        if line is not None and line.net_monthly == change.new:
            continue
        if line is not None and line.starts_on == day:
            line.net_monthly, line.version = change.new, line.version + 1
            same_day.append(line)
            continue
        new_lines.append(
            Income(
                client_id=client_id,
                kind=Income.Kind.LEEFLOON,
                leefloon_category=change.category,
                net_monthly=change.new,
                starts_on=day,
                ends_on=line.ends_on if line is not None else change.ends_on,
            )
        )
        if line is not None:
            ended.append(line)
    Income.objects.bulk_update(same_day, ["net_monthly", "version"], batch_size=500)
    # Every ended line ends the same day: a plain UPDATE per batch, not bulk_update's CASE.
    ended_ids = [line.pk for line in ended]
    for first in range(0, len(ended_ids), BATCH):
        Income.objects.filter(pk__in=ended_ids[first : first + BATCH]).update(
            ends_on=day - dt.timedelta(days=1), version=F("version") + 1
        )
    Income.objects.bulk_create(new_lines, batch_size=BATCH)


@transaction.atomic
def scale_publish(*, actor: User, scale: LeefloonScale, expected_version: int) -> IndexationPreview:
    """Publish a draft and index every leefloon running on its first day (see the module).
    Returns what it did, as the preview showed it."""
    _require_administrator(actor)
    locked = LeefloonScale.objects.select_for_update().get(pk=scale.pk)
    _require_draft(locked)
    if locked.version != expected_version:
        raise EditConflictError(current=locked)
    _check_starts_after_published(locked)
    done = indexation_preview(scale=locked, lock=True)
    day = locked.valid_from
    changes = list(done.changes)
    GrantAmount.objects.bulk_create(
        [
            GrantAmount(
                grant_id=change.grant_id,
                valid_from=day,
                monthly_amount=change.new,
                reason=GrantAmount.Reason.INDEXATION,
                scale=locked,
            )
            for change in changes
        ],
        batch_size=BATCH,
    )
    _index_income_lines(changes, day)
    access_log_record_many(
        client_ids=sorted({change.client_id for change in changes}),
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_INDEXED,
        params={"day": date_text(day)},
    )
    LeefloonScale.objects.filter(pk=locked.pk).update(
        status=ScaleStatus.PUBLISHED,
        published_by=actor,
        published_at=timezone.now(),
        version=F("version") + 1,
    )
    locked.refresh_from_db()
    return done
