"""The OCMW's own rights under the law on social integration and the OCMW law: the leefloon
itself, the installation premium for people leaving homelessness, and urgent medical aid for
people without legal residence.

The leefloon category and the income it is compared with are read the same way by the leefloon
and the installation premium (`household_category`)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_noop

from clients.models import Client, HouseholdMember
from rights.facts import ClientFacts, Finding, Line, Params, PersonFacts, Value
from rights.rules.common import (
    Kind,
    already_handled,
    euro,
    holders,
    missing_note,
    names,
    status_line,
    unconfirmed_household,
)

Residence = Client.ResidenceStatus

# --- the leefloon category and the income counted -----------------------------------------


@dataclass(frozen=True)
class Category:
    """The household's leefloon category: the monthly amount it is entitled to at most, why,
    and whose income counts against it."""

    key: str  # "family", "couple", "single" or "cohabitant"
    amount: Decimal
    line: Line
    counted: frozenset[str]  # person keys whose net income counts


def _family_category(
    minors: list[PersonFacts], parents: frozenset[str], params: Params
) -> Category:
    amount = params.amount("amount_family")
    return Category(
        key="family",
        amount=amount,
        counted=parents,
        line=Line(
            gettext_noop(
                "Lives with a minor child (%(names)s): the category of a person with a "
                "family in their care, %(amount)s a month."
            ),
            {"names": names(minors), "amount": euro(amount)},
        ),
    )


def _couple_category(parents: frozenset[str], params: Params) -> Category:
    single_amount = params.amount("amount_cohabitant")
    return Category(
        key="couple",
        amount=single_amount * 2,
        counted=parents,
        line=Line(
            gettext_noop(
                "Lives with a partner without minor children: each partner is a "
                "cohabitant, %(amount)s a month, %(total)s for the couple."
            ),
            {"amount": euro(single_amount), "total": euro(single_amount * 2)},
        ),
    )


def _single_category(params: Params) -> Category:
    amount = params.amount("amount_single")
    return Category(
        key="single",
        amount=amount,
        counted=frozenset({"client"}),
        line=Line(
            gettext_noop("Lives alone: the category of a single person, %(amount)s a month."),
            {"amount": euro(amount)},
        ),
    )


def _cohabitant_category(params: Params) -> Category:
    amount = params.amount("amount_cohabitant")
    return Category(
        key="cohabitant",
        amount=amount,
        counted=frozenset({"client"}),
        line=Line(
            gettext_noop(
                "Shares the home with other adults: the category of a cohabitant, %(amount)s "
                "a month."
            ),
            {"amount": euro(amount)},
        ),
    )


def household_category(facts: ClientFacts, params: Params) -> Category:
    """The category from the confirmed household: with a minor child, a person with a family in
    their care; with a partner, two cohabitants; alone, single; otherwise a cohabitant.

    Readings: a minor child living with the client is taken to be in their care. A couple
    without minor children is two cohabitants whose incomes count together (each partner's
    leefloon is the cohabitant amount less half their resources, or the partner's income
    above it: the same total). With a family the partner's income counts too; a single
    person or a cohabitant counts only their own (the OCMW *may* count parents' or adult
    children's income, which the rule leaves to the inquiry).
    """
    parents = facts.parent_keys
    minors = [p for p in facts.children if p.age < params.number("adult_age")]
    if minors:
        return _family_category(minors, parents, params)
    if facts.has_partner:
        return _couple_category(parents, params)
    if facts.size == 1:
        return _single_category(params)
    return _cohabitant_category(params)


def counted_income(facts: ClientFacts, category: Category) -> Decimal:
    """The net monthly income of the people whose income counts, without child benefit (which
    the leefloon law exempts)."""
    return sum(
        (
            i.net_monthly
            for i in facts.incomes
            if i.person_key in category.counted and i.kind != Kind.GROEIPAKKET
        ),
        Decimal(0),
    )


def income_line(facts: ClientFacts, category: Category, income: Decimal) -> Line:
    """What the income counted is, and of whom; a confirmed household without income says so."""
    lines = [
        i for i in facts.incomes if i.person_key in category.counted and i.kind != Kind.GROEIPAKKET
    ]
    if not lines:
        return Line(
            gettext_noop(
                "No income that counts is recorded in the confirmed household: under the "
                "category amount of %(amount)s."
            ),
            {"amount": euro(category.amount)},
        )
    return Line(
        gettext_noop(
            "The income counted, %(income)s a month (net, without child benefit, of "
            "%(names)s), is under the category amount of %(amount)s."
        ),
        {"income": euro(income), "names": holders(facts, lines), "amount": euro(category.amount)},
    )


# --- leefloon (the right to social integration) -------------------------------------------

# Residence statuses that give the right to the leefloon itself (an equivalent as social aid
# exists for some others, which is not this right).
LEEFLOON_RESIDENCE: dict[str, str] = {
    Residence.BELGIAN: gettext_noop("Belgian: the nationality condition is met."),
    Residence.EU: gettext_noop("EU citizen: the nationality condition is met."),
    Residence.PERMANENT: gettext_noop(
        "Foreigner with a permanent residence permit: the nationality condition is met."
    ),
    Residence.REFUGEE: gettext_noop("Recognised refugee: the nationality condition is met."),
    Residence.SUBSIDIARY: gettext_noop("Subsidiary protection: the nationality condition is met."),
}

LEEFLOON_TO_CHECK = (
    Line(
        gettext_noop(
            "The OCMW checks the willingness to work, unless health or equity reasons exempt "
            "the client (a full-time student, for example)."
        )
    ),
    Line(
        gettext_noop(
            "Check that the client actually and habitually lives in Belgium, in this municipality."
        )
    ),
    Line(
        gettext_noop(
            "Other rights come first: unemployment or sickness benefit, pension, child benefit "
            "and maintenance from (ex-)partner, parents or children."
        )
    ),
)
RESIDENCE_UNKNOWN = Line(
    gettext_noop(
        "The residence status is not recorded: the leefloon is for Belgians, EU citizens, "
        "foreigners with a permanent residence permit, refugees and people with subsidiary "
        "protection."
    )
)


def _receives_leefloon(facts: ClientFacts) -> bool:
    """The file records a leefloon: "leefloon since", or a line of the client or a partner."""
    if facts.leefloon_since is not None:
        return True
    parents = facts.parent_keys
    return any(i.person_key in parents for i in facts.incomes_of(Kind.LEEFLOON))


def _leefloon_missing(facts: ClientFacts, status: str, adult_age: int) -> list[Line]:
    """What to ask before flagging: an unknown residence status, and for a minor without a
    child whether they are married or pregnant."""
    client = facts.client
    missing: list[Line] = []
    if status == Residence.UNKNOWN:
        missing.append(RESIDENCE_UNKNOWN)
    if client.age < adult_age and not facts.children:
        missing.append(
            Line(
                gettext_noop(
                    "The client is %(age)s: a minor has the right when married, pregnant or "
                    "caring for a child. Ask."
                ),
                {"age": str(client.age)},
            )
        )
    return missing


def _leefloon_age_line(facts: ClientFacts, adult_age: int) -> Line:
    """An adult, or a minor with a child in their care."""
    client = facts.client
    if client.age >= adult_age:
        return Line(
            gettext_noop("The client is %(age)s years old (from %(threshold)s)."),
            {"age": str(client.age), "threshold": str(adult_age)},
        )
    return Line(
        gettext_noop("The client is a minor with a child in their care: %(names)s."),
        {"names": names(facts.children)},
    )


def _leefloon_to_check(
    facts: ClientFacts, status: str, category: Category, adult_age: int
) -> tuple[Line, ...]:
    """What only the OCMW's inquiry can check; for an EU citizen the residence period, for a
    cohabitant the parents or adult children whose income the OCMW may count."""
    to_check = list(LEEFLOON_TO_CHECK)
    if status == Residence.EU:
        to_check.append(
            Line(
                gettext_noop(
                    "An EU citizen has the right after the first three months of residence, or "
                    "earlier as a worker or self-employed."
                )
            )
        )
    if category.key == "cohabitant":
        relatives = [
            p
            for p in facts.persons[1:]
            if p.age >= adult_age
            and p.relation in (HouseholdMember.Relation.PARENT, HouseholdMember.Relation.CHILD)
        ]
        if relatives:
            to_check.append(
                Line(
                    gettext_noop(
                        "The OCMW may also count the income of parents or adult children "
                        "living with the client: %(names)s."
                    ),
                    {"names": names(relatives)},
                )
            )
    return tuple(to_check)


def _leefloon_value(category: Category, income: Decimal) -> Value:
    """The category amount less the income counted, for a year: at most what the OCMW pays."""
    shortfall = category.amount - income
    return Value(
        amount=shortfall * 12,
        basis=Line(
            gettext_noop(
                "At most %(amount)s a year: the category amount of %(limit)s minus the "
                "income counted of %(income)s, for 12 months (the OCMW's inquiry sets the "
                "real amount)."
            ),
            {
                "amount": euro(shortfall * 12),
                "limit": euro(category.amount),
                "income": euro(income),
            },
        ),
    )


def leefloon(facts: ClientFacts, params: Params) -> Finding | None:
    """A client of at least 18 (or a minor with a child) whose residence status gives the right,
    in a household whose counted income is under the amount of its category, and who receives
    no leefloon (no leefloon line of the client or a partner, no "leefloon since").

    Readings: the category and the income counted are those of `household_category` (net
    monthly income without child benefit, compared strictly under). The general exemption of
    155/250/310 euro a year is left out, so a household just at the amount is not flagged. A
    married or pregnant minor also has the right, which the file does not record: a minor
    without a child under the amount gets a note. Willingness to work, actual residence and
    other rights first cannot be read from the file and are listed to check.
    """
    code = "leefloon"
    if already_handled(facts, code) or _receives_leefloon(facts):
        return None
    status = facts.residence_status
    if status != Residence.UNKNOWN and status not in LEEFLOON_RESIDENCE:
        return None
    if not facts.household_known:
        # Who lives there decides the category, and their incomes the amount.
        return missing_note(code, [unconfirmed_household(facts)])
    category = household_category(facts, params)
    income = counted_income(facts, category)
    if income >= category.amount:
        return None
    adult_age = params.number("adult_age")
    missing = _leefloon_missing(facts, status, adult_age)
    if missing:
        return missing_note(code, missing, category=category.key, income=str(income))
    return Finding(
        right=code,
        eligible=True,
        matched=(
            _leefloon_age_line(facts, adult_age),
            Line(LEEFLOON_RESIDENCE[status]),
            category.line,
            income_line(facts, category, income),
        ),
        missing=_leefloon_to_check(facts, status, category, adult_age),
        facts={"category": category.key, "income": str(income), "residence": str(status)},
        value=_leefloon_value(category, income),
    )


# --- installatiepremie (installation premium for people leaving homelessness) -------------

REPLACEMENT_TEXTS: dict[str, str] = {
    Kind.UNEMPLOYMENT: gettext_noop("Receives an unemployment benefit: %(names)s."),
    Kind.SICKNESS: gettext_noop("Receives a sickness or invalidity benefit: %(names)s."),
    Kind.PENSION: gettext_noop("Receives a pension: %(names)s."),
}


def _own_benefits(facts: ClientFacts) -> dict[str, Line]:
    """The client's own leefloon, social assistance (IGO, IVT/IT) or replacement income
    (unemployment, sickness, pension): each a ground of its own, per kind."""
    own = frozenset({"client"})
    grounds: dict[str, Line] = {}
    for kind in (Kind.LEEFLOON, Kind.IGO, Kind.IVT_IT):
        if line := status_line(facts, kind, own):
            grounds[kind] = line
    for replacement, text in REPLACEMENT_TEXTS.items():
        incomes = [i for i in facts.incomes_of(replacement) if i.person_key == "client"]
        if incomes:
            grounds[replacement] = Line(text, {"names": holders(facts, incomes)})
    return grounds


def _under_category_plus_margin(
    facts: ClientFacts, params: Params
) -> tuple[dict[str, str], tuple[Line, ...]] | None:
    """The income counted is under the leefloon amount of the household's category plus the
    margin: the decisive facts and the lines that say so; None when it is not."""
    category = household_category(facts, params)
    income = counted_income(facts, category)
    margin = params.amount("income_margin_percent")
    limit = (category.amount * (100 + margin) / 100).quantize(Decimal("0.01"))
    if income >= limit:
        return None
    return {"category": category.key, "income": str(income)}, (
        category.line,
        Line(
            gettext_noop(
                "The income counted, %(income)s a month, is under the category amount "
                "plus %(margin)s%%: %(limit)s."
            ),
            {"income": euro(income), "margin": str(margin.normalize()), "limit": euro(limit)},
        ),
    )


def _installatiepremie_flag(
    code: str,
    moved: dt.date,
    grounds: tuple[Line, ...],
    facts_used: dict[str, str],
    premium: Decimal,
) -> Finding:
    """The move and the grounds match; that no premium was received before is left to check."""
    return Finding(
        right=code,
        eligible=True,
        matched=(
            Line(
                gettext_noop(
                    "Homeless before, the client moved into a home as main residence on %(date)s."
                ),
                {"date": moved.strftime("%d/%m/%Y")},
            ),
            *grounds,
        ),
        missing=(
            Line(
                gettext_noop(
                    "Check that the client never received an installation premium before: it "
                    "is granted once in a lifetime, also by another OCMW."
                )
            ),
        ),
        facts=facts_used,
        value=Value(
            amount=premium,
            basis=Line(
                gettext_noop(
                    "Once: %(amount)s, a twelfth of the yearly leefloon of a person with a "
                    "family in their care, paid once in a lifetime (not every year)."
                ),
                {"amount": euro(premium)},
            ),
        ),
    )


def installatiepremie(facts: ClientFacts, params: Params) -> Finding | None:
    """The client moved into a home after being homeless (Client.left_homelessness_on, not
    homeless again since), and receives leefloon, a replacement income (unemployment,
    sickness, pension) or social assistance (IGO, IVT/IT), or the household's income counted
    is under the leefloon amount of its category plus 10%.

    Readings: the premium is the client's, so the grounds are the client's own incomes; the
    income test uses the leefloon category and income counted (`household_category`) and is
    strict ("lower than"). No deadline after the move was found in the sources, so an old
    move is still flagged (the worker records the outcome). That no premium was received
    before, in a lifetime, is left to check unless the file records the right.
    """
    code = "installatiepremie"
    if already_handled(facts, code):
        return None
    moved = facts.left_homelessness_on
    if moved is None or not facts.date_reached(moved) or facts.tenure == Client.Tenure.HOMELESS:
        return None
    grounds = _own_benefits(facts)
    facts_used: dict[str, str] = {"moved": moved.isoformat()}
    if grounds:
        facts_used["grounds"] = ",".join(sorted(grounds))
        income_lines = tuple(grounds.values())
    else:
        if not facts.household_known:
            return missing_note(code, [unconfirmed_household(facts)], moved=moved.isoformat())
        income_test = _under_category_plus_margin(facts, params)
        if income_test is None:
            return None
        income_facts, income_lines = income_test
        facts_used |= income_facts
    premium = params.amount("amount_family")
    return _installatiepremie_flag(code, moved, income_lines, facts_used, premium)


# --- dringende medische hulp (urgent medical aid for people without legal residence) ------

# Incomes that require a legal residence: a client who receives one of these has one (a wage
# on the file is declared work, which needs a residence and work permit; undeclared income is
# recorded as "other").
LEGAL_RESIDENCE_KINDS = frozenset(
    {
        Kind.WAGE,
        Kind.UNEMPLOYMENT,
        Kind.SICKNESS,
        Kind.PENSION,
        Kind.LEEFLOON,
        Kind.IGO,
        Kind.IVT_IT,
    }
)


URGENT_CARE_TO_CHECK = (
    Line(
        gettext_noop(
            "The OCMW establishes the state of need in a social inquiry (the means of "
            "the client and those living with them; a travel insurance or a guarantor "
            "pays first)."
        )
    ),
    Line(
        gettext_noop(
            "Each episode of care needs a certificate of urgent medical aid from a care "
            "provider recognised by the RIZIV."
        )
    ),
)


def _residence_unknown(facts: ClientFacts, code: str) -> Finding | None:
    """An unknown residence status is asked, unless the client's own wage or benefit requires
    a legal residence."""
    own = {i.kind for i in facts.incomes if i.person_key == "client"}
    if own & LEGAL_RESIDENCE_KINDS:
        return None
    return missing_note(
        code,
        [
            Line(
                gettext_noop(
                    "The residence status is not recorded: without a legal residence the "
                    "OCMW covers necessary medical care (urgent medical aid)."
                )
            )
        ],
    )


def _urgent_care_value(costs: Decimal | None) -> Value | None:
    """The illness-related costs on the record for a year; None when none are recorded (the
    thresholds' typical value applies then)."""
    if costs is None or costs <= 0:
        return None
    return Value(
        amount=costs * 12,
        basis=Line(
            gettext_noop(
                "%(amount)s a year: the illness-related costs of %(costs)s a month on the "
                "record, which urgent medical aid would cover, for 12 months."
            ),
            {"amount": euro(costs * 12), "costs": euro(costs)},
        ),
    )


def dringende_medische_hulp(facts: ClientFacts, params: Params) -> Finding | None:
    """The client has no legal residence: the OCMW covers the necessary medical care (urgent
    medical aid), after a social inquiry into the state of need and with a medical certificate
    per episode of care.

    Readings: only "without legal residence" is read as unlawful residence (an applicant for
    international protection gets care through the reception network; an EU citizen without a
    right of residence after three months cannot be told from the file). An unknown residence
    status is asked, unless the client has a wage or a benefit that requires a legal residence.
    The state of need and the medical certificate are to check: the OCMW's own inquiry and a
    care provider decide them. Value: the illness-related costs on the record x 12 when
    recorded, else the thresholds' typical value.
    """
    code = "dringende_medische_hulp"
    if already_handled(facts, code):
        return None
    status = facts.residence_status
    if status == Residence.UNKNOWN:
        return _residence_unknown(facts, code)
    if status != Residence.UNDOCUMENTED:
        return None
    return Finding(
        right=code,
        eligible=True,
        matched=(Line(gettext_noop("The client has no legal residence in Belgium.")),),
        missing=URGENT_CARE_TO_CHECK,
        facts={"residence": str(status)},
        value=_urgent_care_value(facts.illness_costs),
    )
