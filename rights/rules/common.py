"""What the rules share: the statuses that silence a rule, Belgian amounts, and the sentences
several rules use (who receives what, a missing gross income)."""

from collections.abc import Callable, Iterable
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember, Income
from rights.facts import ClientFacts, Finding, IncomeFacts, Line, Params, PersonFacts

Rule = Callable[[ClientFacts, Params], Finding | None]

RECEIVES = "receives"
# What the file records about a right (ClientRight.Status) that silences its rule:
# - receives: the client has it; never flagged (rights.md);
# - applied: an application is under way; a flag would only repeat the worker's own work;
# - refused, not_eligible: the competent body decided; re-flagging on the same facts would
#   nag. When the situation changes the worker updates or removes the record, and the rule
#   looks again on the next scan.
SKIP_STATUSES = frozenset({"receives", "applied", "refused", "not_eligible"})

Kind = Income.Kind
Fuel = Client.HeatingFuel
Level = HouseholdMember.SchoolLevel


_BELGIAN = str.maketrans(",.", ".,")


def euro(amount: Decimal) -> str:
    """Belgian notation for explanations: 27.011,00."""
    text = f"{amount:,.2f}"
    if text.count(".") != 1:  # not a finite amount: fails as it always did
        _whole, _cents = text.split(".")
    return text.translate(_BELGIAN)  # the separators swapped


DEBT_PROCEDURE_UNKNOWN = Line(
    gettext_noop(
        "Whether the client is in debt mediation or collective debt settlement is not recorded."
    )
)


def in_debt_procedure(facts: ClientFacts) -> bool | None:
    """Debt mediation or collective debt settlement; None when the file does not say."""
    if facts.debt_status == Client.DebtStatus.UNKNOWN:
        return None
    return facts.debt_status != Client.DebtStatus.NONE


def already_handled(facts: ClientFacts, code: str) -> bool:
    """The file records the right as received, applied for, refused or not eligible."""
    return facts.rights.get(code) in SKIP_STATUSES


def names(persons: Iterable[PersonFacts]) -> str:
    return ", ".join(p.name for p in persons)


def holders(facts: ClientFacts, incomes: Iterable[IncomeFacts]) -> str:
    keys = dict.fromkeys(i.person_key for i in incomes)  # ordered, without repeats
    return names(p for key in keys if (p := facts.person(key)) is not None)


UNCONFIRMED_HOUSEHOLD = Line(
    gettext_noop(
        "Who lives with the client and every income of the household (last year's too) are "
        "not confirmed: ask the client, record them and confirm them on the tab Household and "
        "income."
    )
)


def unconfirmed_household(facts: ClientFacts) -> Line:
    """What to ask when the household is not known (ClientFacts.household_known): confirmed
    by nobody, or confirmed too long ago to tell last year's incomes (then with its date)."""
    confirmed = facts.household_confirmed_on
    if confirmed is None:
        return UNCONFIRMED_HOUSEHOLD
    return Line(
        gettext_noop(
            "Who lives with the client and every income of the household were confirmed on "
            "%(date)s, too long ago to tell last year's incomes: ask the client, bring them up "
            "to date and confirm them again on the tab Household and income."
        ),
        {"date": confirmed.strftime("%d/%m/%Y")},
    )


def missing_income(facts: ClientFacts, persons: frozenset[str] | None = None) -> Line:
    """Why the household's income cannot be read: nobody confirmed the household and its
    incomes (or too long ago), or a taxable line lacks last year's gross taxable amount."""
    if not facts.household_known:
        return unconfirmed_household(facts)
    return Line(
        gettext_noop(
            "Last year's gross taxable income is not recorded for an income of %(names)s: "
            "the income test cannot be made."
        ),
        {"names": holders(facts, facts.incomes_missing_gross(persons=persons))},
    )


def missing_note(code: str, lines: Iterable[Line], **extra: str) -> Finding:
    """A "data missing" note: never a flag."""
    lines = tuple(lines)
    return Finding(
        right=code,
        eligible=False,
        missing=lines,
        facts={"missing": "|".join(sorted(line.text for line in lines)), **extra},
    )


STATUS_TEXTS: dict[str, str] = {
    Kind.LEEFLOON: gettext_noop("Receives leefloon: %(names)s."),
    Kind.IGO: gettext_noop("Receives the income guarantee for the elderly (IGO): %(names)s."),
    Kind.IVT_IT: gettext_noop("Receives a disability allowance (IVT/IT): %(names)s."),
}


def status_line(
    facts: ClientFacts, kind: str, persons: frozenset[str] | None = None
) -> Line | None:
    """Someone in the household (or among `persons`) receives leefloon, IGO or IVT/IT; these
    grounds need no duration."""
    incomes = facts.incomes_of(kind)
    if persons is not None and incomes:
        incomes = tuple(i for i in incomes if i.person_key in persons)
    if not incomes:  # most households, most kinds
        return None
    return Line(STATUS_TEXTS[kind], {"names": holders(facts, incomes)})
