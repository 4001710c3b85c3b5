"""Reads of a leefloon request: the conditions of art. 3 of the law of 26 May 2002 as the file,
the worker's check and the latest calculation show them (met, not met or unknown, with what to
ask when unknown), the request's calculations, and the client's leefloon requests for the tab."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from clients.models import Client
from core.dates import date_text
from core.formats import euro_text
from integration.models import (
    LEEFLOON_KIND,
    Condition,
    Eligibility,
    LeefloonCalculation,
    MinorGround,
    OtherRight,
    WorkWillingness,
)
from integration.models.files import OTHER_RIGHTS
from integration.registry import RightToUseFirst, first_to_use
from procedure.models import Request

ADULT = 18
Residence = Client.ResidenceStatus
# Law art. 3 3°: Belgian, EU citizen (or family) with a right of residence of more than three
# months, a foreigner in the population register, stateless, refugee, subsidiary protection.
# A temporary permit (foreigners' register) or an applicant for protection: not the leefloon
# but possibly the equivalent social aid (law of 2 April 1965).
RESIDENCE_MET = (
    Residence.BELGIAN,
    Residence.EU,
    Residence.PERMANENT,
    Residence.REFUGEE,
    Residence.SUBSIDIARY,
)


@dataclass(frozen=True)
class ConditionRow:
    key: str
    label: str
    state: str  # Condition value
    found: str  # what the file, the check or the calculation says
    source: str  # the rule
    ask: str = ""  # what to ask or record when unknown


def _age(client: Client, request: Request, check: Eligibility | None) -> ConditionRow:
    age = client.age_on(request.received_on)
    label, source = _("Age"), _("law of 26 May 2002, art. 3 2° and art. 7")
    found = _("%(age)s years on the day of the request (birth date in the file)") % {"age": age}
    if age >= ADULT:
        return ConditionRow("age", label, Condition.MET, found, source)
    ground = check.minor_ground if check is not None else ""
    if ground == "":
        return ConditionRow(
            "age",
            label,
            Condition.UNKNOWN,
            found,
            source,
            _("Ask whether the minor is married, has a child in their care, or is pregnant."),
        )
    if ground == MinorGround.NONE:
        return ConditionRow("age", label, Condition.NOT_MET, found, source)
    return ConditionRow(
        "age", label, Condition.MET, f"{found}; {MinorGround(ground).label}", source
    )


def _residence(client: Client) -> ConditionRow:
    label = _("Nationality or residence status")
    source = _("law of 26 May 2002, art. 3 3°")
    status = client.residence_status
    if status == Residence.UNKNOWN:
        return ConditionRow(
            "residence_status",
            label,
            Condition.UNKNOWN,
            _("not recorded in the client file"),
            source,
            _("Ask for the identity card or residence document and record it in the file."),
        )
    state = Condition.MET if status in RESIDENCE_MET else Condition.NOT_MET
    return ConditionRow("residence_status", label, state, str(Residence(status).label), source)


def _actual_residence(check: Eligibility | None) -> ConditionRow:
    state = check.actual_residence if check is not None else Condition.UNKNOWN
    return ConditionRow(
        "actual_residence",
        _("Actual residence in Belgium"),
        state,
        (check.actual_residence_note if check is not None else "") or str(Condition(state).label),
        _("law of 26 May 2002, art. 3 1°"),
        _("Check on a home visit or with the population register where the client lives.")
        if state == Condition.UNKNOWN
        else "",
    )


def _resources(calculation: LeefloonCalculation | None) -> ConditionRow:
    label, source = _("Insufficient resources"), _("law of 26 May 2002, art. 3 4° and art. 16")
    if calculation is None:
        return ConditionRow(
            "resources",
            label,
            Condition.UNKNOWN,
            _("no calculation yet"),
            source,
            _("Record the household's incomes in the file and make a calculation."),
        )
    found = _("latest calculation of %(day)s: %(amount)s a month") % {
        "day": date_text(timezone.localdate(calculation.created_at)),
        "amount": euro_text(calculation.monthly_amount),
    }
    state = Condition.MET if calculation.monthly_amount > 0 else Condition.NOT_MET
    return ConditionRow("resources", label, state, found, source)


def _willingness(check: Eligibility | None) -> ConditionRow:
    value = check.work_willingness if check is not None else WorkWillingness.UNKNOWN
    state = {
        WorkWillingness.UNKNOWN: Condition.UNKNOWN,
        WorkWillingness.NOT_WILLING: Condition.NOT_MET,
    }.get(WorkWillingness(value), Condition.MET)
    note = check.work_willingness_note if check is not None else ""
    found = str(WorkWillingness(value).label) + (f": {note}" if note else "")
    return ConditionRow(
        "work_willingness",
        _("Willingness to work"),
        state,
        found,
        _("law of 26 May 2002, art. 3 5°"),
        _("Ask about work, training and health; record an exemption with its reason.")
        if state == Condition.UNKNOWN
        else "",
    )


def _other_rights(check: Eligibility | None) -> ConditionRow:
    values = {
        field: (getattr(check, field) if check is not None else OtherRight.UNKNOWN)
        for field, _label in OTHER_RIGHTS
    }
    to_apply = [str(label) for field, label in OTHER_RIGHTS if values[field] == OtherRight.TO_APPLY]
    unknown = [str(label) for field, label in OTHER_RIGHTS if values[field] == OtherRight.UNKNOWN]
    source = _("law of 26 May 2002, art. 3 6°")
    label = _("Rights to other benefits used first")
    if to_apply:
        found = _("still to apply for: %(benefits)s") % {"benefits": ", ".join(to_apply)}
        return ConditionRow("other_rights", label, Condition.NOT_MET, found, source)
    if unknown:
        return ConditionRow(
            "other_rights",
            label,
            Condition.UNKNOWN,
            _("not checked: %(benefits)s") % {"benefits": ", ".join(unknown)},
            source,
            _("Ask whether the client receives, applied for or is entitled to each of these."),
        )
    return ConditionRow("other_rights", label, Condition.MET, _("all checked"), source)


def conditions(
    request: Request, check: Eligibility | None, calculation: LeefloonCalculation | None
) -> list[ConditionRow]:
    client = request.client
    return [
        _age(client, request, check),
        _residence(client),
        _actual_residence(check),
        _resources(calculation),
        _willingness(check),
        _other_rights(check),
    ]


def to_use_first(client: Client) -> list[RightToUseFirst] | None:
    return first_to_use(client)


def leefloon_request_of(client: Client, request_pk: int) -> Request | None:
    return (
        Request.objects.filter(client=client, kind__code=LEEFLOON_KIND, pk=request_pk)
        .select_related("kind", "client")
        .first()
    )


def eligibility_of(request: Request) -> Eligibility | None:
    return Eligibility.objects.filter(request=request).select_related("checked_by").first()


def calculations_of(request: Request) -> QuerySet[LeefloonCalculation]:
    return LeefloonCalculation.objects.filter(request=request).select_related("scale", "created_by")


def client_leefloon_requests(client: Client) -> QuerySet[Request]:
    """The client's leefloon requests, newest first, each with its check and calculations:
    three queries whatever their number."""
    return (
        Request.objects.filter(client=client, kind__code=LEEFLOON_KIND)
        .select_related("kind", "eligibility")
        .prefetch_related(
            Prefetch(
                "leefloon_calculations",
                queryset=LeefloonCalculation.objects.select_related("scale"),
            )
        )
        .order_by("-received_on", "-pk")
    )
