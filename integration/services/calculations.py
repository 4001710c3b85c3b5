"""The leefloon calculation of a request, from the client's file as recorded on a day: who lived
with the client that day (clients.HouseholdMember joined_on/left_on) and which incomes ran
(clients.Income starts_on/ends_on). The category is proposed from the household (law of 26 May
2002, art. 14 §1) and the worker may choose another only with a motivation; per income line the
worker says whether it counts (with the rule when not: KB 11-7-2002 art. 22 §1) and which art.
35 exemption it gets; the relatives who owe maintenance are counted or not as a recorded choice
with its motivation (KB art. 34 §2). The amounts are the published LeefloonScale of the day the
leefloon starts. The pure core (integration.calculation) computes; a LeefloonCalculation row
keeps inputs and results and is never changed afterwards."""

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from clients.access_log import access_log_record
from clients.models import AccessLog, Client, HouseholdMember, Income
from clients.models.client import age_on
from clients.services import client_require_editor, client_require_open
from core.dates import date_text
from integration.calculation import (
    Category,
    Exemption,
    Inputs,
    Relative,
    Resource,
    ScaleValues,
    inputs_to_json,
    leefloon_calculate,
)
from integration.log_actions import LOG_CALCULATED
from integration.models import LeefloonCalculation, LeefloonScale
from integration.services.eligibility import leefloon_request_check
from procedure.deadlines import add_months
from procedure.models import Request
from wijkteams.models import User

ADULT = 18
# From 1 March 2026 the relatives who owe maintenance include grandparents, grandchildren and
# in-laws (KB of 7 January 2026); before, parents and adult children only (KB art. 34 §2).
WIDER_RELATIVES_FROM = dt.date(2026, 3, 1)
Relation = HouseholdMember.Relation


def scale_values(scale: LeefloonScale) -> ScaleValues:
    return ScaleValues(
        valid_from=scale.valid_from,
        yearly={c: scale.yearly(c) for c in Category},
        general_exemption={c: scale.general_exemption(c) for c in Category},
        spi_monthly=scale.spi_monthly,
        spi_student_grant_monthly=scale.spi_student_grant_monthly,
        spi_student_monthly=scale.spi_student_monthly,
        spi_max_months=scale.spi_max_months,
    )


# --- the file as recorded on a day ---------------------------------------------------------------


@dataclass(frozen=True)
class Household:
    """Who lived with the client on `day` and which incomes ran, grouped as the law counts
    them, with the category the household suggests and why."""

    day: dt.date
    members: tuple[HouseholdMember, ...]
    own: tuple[Income, ...]  # the applicant's
    partner: HouseholdMember | None
    partner_incomes: tuple[Income, ...]
    relatives: tuple[tuple[HouseholdMember, tuple[Income, ...]], ...]
    others: tuple[Income, ...]  # of members the law does not count (e.g. minor children)
    proposed: str
    reason: str
    incomes: tuple[Income, ...] = field(default=())


def _lived_there(day: dt.date) -> Q:
    return (Q(joined_on__isnull=True) | Q(joined_on__lte=day)) & (
        Q(left_on__isnull=True) | Q(left_on__gt=day)
    )


def _ran(day: dt.date) -> Q:
    return (Q(starts_on__isnull=True) | Q(starts_on__lte=day)) & (
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )


def _is_relative(member: HouseholdMember, day: dt.date) -> bool:
    """A relative who owes maintenance (KB art. 34 §2): a parent or an adult child; from 1 March
    2026 also other family (grandparents, grandchildren, in-laws)."""
    if member.relation == Relation.PARENT:
        return True
    if member.relation == Relation.CHILD:
        return age_on(member.birth_date, day) >= ADULT
    return member.relation == Relation.OTHER_FAMILY and day >= WIDER_RELATIVES_FROM


def proposed_category(members: Sequence[HouseholdMember], day: dt.date) -> tuple[str, str]:
    """The category the household of `day` suggests, with the reason (law art. 14 §1): with a
    minor child in the household, a dependent family; living with anyone else (a partner,
    parents, an adult child, ...), cohabitant; alone, single."""
    minors = [m for m in members if m.relation == Relation.CHILD and age_on(m.birth_date, day) < 18]
    if minors:
        return Category.FAMILY, _(
            "A minor child lives with the client (%(names)s): with a dependent family "
            "(law of 26 May 2002, art. 14 §1, 3°)."
        ) % {"names": ", ".join(str(m) for m in minors)}
    if members:
        return Category.COHABITANT, _(
            "The client lives with %(names)s: cohabitant (law of 26 May 2002, art. 14 §1, 1°)."
        ) % {"names": ", ".join(str(m) for m in members)}
    return Category.SINGLE, _(
        "Nobody lives with the client: single (law of 26 May 2002, art. 14 §1, 2°)."
    )


def household_on(client: Client, day: dt.date) -> Household:
    """The client's household and incomes as recorded for `day`: two queries."""
    members = tuple(HouseholdMember.objects.filter(_lived_there(day), client=client))
    by_member: dict[int | None, list[Income]] = {}
    incomes = tuple(Income.objects.filter(_ran(day), client=client).order_by("member_id", "pk"))
    for income in incomes:
        by_member.setdefault(income.member_id, []).append(income)
    partner = next((m for m in members if m.relation == Relation.PARTNER), None)
    relatives = tuple((m, tuple(by_member.get(m.pk, ()))) for m in members if _is_relative(m, day))
    counted_members = {m.pk for m, _incomes in relatives} | ({partner.pk} if partner else set())
    others = tuple(
        i for i in incomes if i.member_id is not None and i.member_id not in counted_members
    )
    proposed, reason = proposed_category(members, day)
    return Household(
        day=day,
        members=members,
        own=tuple(by_member.get(None, ())),
        partner=partner,
        partner_incomes=tuple(by_member.get(partner.pk, ())) if partner else (),
        relatives=relatives,
        others=others,
        proposed=proposed,
        reason=reason,
        incomes=incomes,
    )


# --- the worker's choices ------------------------------------------------------------------------


@dataclass(frozen=True)
class LineChoice:
    """What the worker decided for one income line: counted or not (with the rule), and for the
    applicant's own work the art. 35 exemption with the day the work or training started."""

    counted: bool = True
    reason: str = ""
    exemption: Exemption = Exemption.NONE
    exemption_since: dt.date | None = None


@dataclass(frozen=True)
class CalculationChoices:
    calculated_on: dt.date
    starts_on: dt.date
    category: str
    category_motivation: str = ""
    lines: Mapping[int, LineChoice] = field(default_factory=dict)  # per Income pk
    relatives_counted: frozenset[int] = frozenset()  # HouseholdMember pks
    relatives_share: Decimal = Decimal("0")
    relatives_motivation: str = ""
    note: str = ""


def line_field(income_pk: int, name: str) -> str:
    """The form field of one income line's choice, where its error is shown."""
    return f"line_{income_pk}_{name}"


def _errors(
    household: Household, choices: CalculationChoices, scale: LeefloonScale | None, request: Request
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if choices.starts_on < request.received_on:
        errors["starts_on"] = _(
            "The leefloon runs from the day the request was received (%(day)s) at the earliest "
            "(law art. 21 §1)."
        ) % {"day": date_text(request.received_on)}
    elif scale is None:
        errors["starts_on"] = _(
            "No published leefloon amounts hold on %(day)s: an administrator publishes them first."
        ) % {"day": date_text(choices.starts_on)}
    if choices.category != household.proposed and not choices.category_motivation.strip():
        errors["category_motivation"] = _(
            "The household suggests another category: say why you choose this one."
        )
    own = {income.pk for income in household.own}
    for income in household.incomes:
        choice = choices.lines.get(income.pk, LineChoice())
        if income.net_monthly is None:
            errors[line_field(income.pk, "counted")] = _(
                "The amount of this income (%(kind)s) is not known: record its net monthly "
                "amount in the file first; an unknown amount is never counted as 0."
            ) % {"kind": income.get_kind_display()}
        if not choice.counted and not choice.reason.strip():
            errors[line_field(income.pk, "reason")] = _(
                "Say which rule leaves this income out (e.g. KB art. 22 §1)."
            )
        if choice.exemption == Exemption.NONE:
            continue
        if income.pk not in own:
            errors[line_field(income.pk, "exemption")] = _(
                "Only the applicant's own work gets this exemption (KB art. 35)."
            )
        elif choice.exemption_since is None:
            errors[line_field(income.pk, "exemption_since")] = _(
                "Enter the first day of the work or training this exemption is for."
            )
        elif scale is not None:
            ends = add_months(choice.exemption_since, scale.spi_max_months)
            if choices.starts_on >= ends:
                errors[line_field(income.pk, "exemption_since")] = _(
                    "This exemption runs at most %(months)s months from the start of the work "
                    "(KB art. 35 §1): it ended on %(day)s."
                ) % {"months": scale.spi_max_months, "day": date_text(ends)}
    relatives = {member.pk for member, _incomes in household.relatives}
    if choices.relatives_counted - relatives:
        errors["relatives_counted"] = _("Choose among the relatives who live with the client.")
    if not 0 <= choices.relatives_share <= 1:
        errors["relatives_share"] = _("The share is between 0 and 1 (e.g. 0.5 for half).")
    if relatives and not choices.relatives_motivation.strip():
        errors["relatives_motivation"] = _(
            "Relatives who owe maintenance live with the client: say why you count them or not "
            "(KB art. 34 §2)."
        )
    return errors


def _resource(income: Income, choice: LineChoice) -> Resource:
    return Resource(
        key=f"income-{income.pk}",
        kind=income.kind,
        monthly=income.net_monthly,
        counted=choice.counted,
        reason=choice.reason.strip(),
        exemption=choice.exemption,
    )


def _inputs(household: Household, choices: CalculationChoices) -> Inputs:
    def line(income: Income) -> Resource:
        return _resource(income, choices.lines.get(income.pk, LineChoice()))

    return Inputs(
        category=Category(choices.category),
        starts_on=choices.starts_on,
        applicant=tuple(line(i) for i in household.own),
        partner=tuple(line(i) for i in household.partner_incomes) if household.partner else None,
        relatives=tuple(
            Relative(
                key=f"member-{member.pk}",
                resources=tuple(line(i) for i in incomes),
                counted=member.pk in choices.relatives_counted,
            )
            for member, incomes in household.relatives
        ),
        relatives_share=choices.relatives_share,
    )


def _json(value: Any) -> Any:
    if isinstance(value, Decimal | dt.date):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, dict):
        return {key: _json(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_json(item) for item in value]
    return value


def _labels(household: Household) -> dict[str, str]:
    names = {m.pk: str(m) for m in household.members}
    labels = {f"member-{pk}": name for pk, name in names.items()}
    for income in household.incomes:
        applicant = _("the applicant")
        who = names.get(income.member_id, applicant) if income.member_id else applicant
        labels[f"income-{income.pk}"] = f"{income.get_kind_display()} ({who})"
    return labels


@transaction.atomic
def leefloon_calculation_save(
    *, actor: User, request: Request, choices: CalculationChoices
) -> LeefloonCalculation:
    """Calculate the leefloon of `request` from the file as recorded on `choices.calculated_on`
    and the worker's choices, and save it once (a snapshot: never changed afterwards). Bad
    choices raise ValidationError with a message per form field; nothing is saved then."""
    client = Client.objects.select_for_update().get(pk=request.client_id)
    client_require_editor(actor, client)
    client_require_open(client)
    leefloon_request_check(request, client)
    household = household_on(client, choices.calculated_on)
    scale = LeefloonScale.objects.on(choices.starts_on)
    errors = _errors(household, choices, scale, request)
    if errors or scale is None:  # no scale: _errors said so at starts_on
        raise ValidationError(errors)
    inputs = _inputs(household, choices)
    result = leefloon_calculate(inputs, scale_values(scale))
    since = {
        f"income-{pk}": choice.exemption_since.isoformat()
        for pk, choice in choices.lines.items()
        if choice.exemption != Exemption.NONE and choice.exemption_since is not None
    }
    snapshot = {
        **inputs_to_json(inputs),
        "household_reason": household.reason,
        "relatives_motivation": choices.relatives_motivation.strip(),
        "exemption_since": since,
        "labels": _labels(household),
        "others": [f"income-{i.pk}" for i in household.others],
        "scale": {
            "valid_from": scale.valid_from.isoformat(),
            "source": scale.source,
            "spi_max_months": scale.spi_max_months,
        },
        "result": _json(asdict(result)),
    }
    calculation = LeefloonCalculation(
        request=request,
        client=client,
        scale=scale,
        calculated_on=choices.calculated_on,
        starts_on=choices.starts_on,
        category=choices.category,
        proposed_category=household.proposed,
        category_motivation=choices.category_motivation.strip(),
        inputs=snapshot,
        category_yearly=result.category_yearly,
        resources_yearly=result.resources_yearly,
        yearly_amount=result.yearly_amount,
        monthly_amount=result.monthly_amount,
        first_month_amount=result.first_month_amount,
        note=choices.note.strip(),
        created_by=actor,
    )
    # The check constraints are not run again here (a savepoint and a query each): the
    # motivation of another category is checked above at its field, the amounts come from the
    # calculation, and the database refuses either if it were ever wrong.
    calculation.full_clean(
        exclude=["request", "client", "scale", "created_by", "inputs"],
        validate_constraints=False,
    )
    calculation.save()
    access_log_record(
        client=client,
        actor=actor,
        action=AccessLog.Action.CHANGE,
        what=LOG_CALCULATED,
        params={"request": request.pk},
    )
    return calculation
