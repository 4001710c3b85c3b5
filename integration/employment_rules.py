"""When an art. 60 §7 worker has built social security rights: a suggestion, never a decision.

Art. 60 §7 of the organic law of 8 July 1976 lets the OCMW employ a leefloon beneficiary for
the time it takes to get "the full benefit of social benefits"; the federal subsidy runs no
longer than that (mi-is.be, "Article 60 §7"; socialsecurity.be, DmfA instructions "Artikel 60").
In practice that is the right to unemployment benefit, which asks a number of days of work in a
reference period before the application, by age (royal decree of 25 November 1991, art. 30;
RVA infoblad T31, updated 13-01-2015):

| age at the application | days of work | in the last |
|---|---|---|
| under 36 | 312 | 21 months |
| 36 to 49 | 468 | 33 months |
| 50 and over | 624 | 42 months |

Days are counted in a week of six (312 days make a year of full-time work), so full time the
contract needs 12, 18 or 24 months. A part-time job counts fewer days: converted here by the
hours against a full-time week of 38 hours (the employer's own full-time week is not recorded,
so a part-time suggestion is always "to check"). Only this contract's days are counted: days
worked before can make the date earlier.

The rules changed on 1 March 2026 (RVA news of 2 March 2026: new access conditions for full
unemployment); the new numbers were not found in a stored source, so a date on or after 1 March
2026 is "to check" with that reason. A missing fact (no birth date, no start) gives no date.
"""

import datetime as dt
import enum
import math
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from clients.models.client import age_on
from procedure.deadlines import add_months

FULL_TIME_HOURS = Decimal("38")
DAYS_A_MONTH = 26  # a week of six days: 312 days a year
REFORM_FROM = dt.date(2026, 3, 1)
SOURCE = _(
    "art. 60 §7 organic law of 8 July 1976; days of work by age: royal decree of 25 November "
    "1991, art. 30 (RVA infoblad T31)"
)


@dataclass(frozen=True)
class AgeBand:
    below: int | None  # the age the band ends before; None: no upper end
    days: int
    reference_months: int


AGE_BANDS = (
    AgeBand(below=36, days=312, reference_months=21),
    AgeBand(below=50, days=468, reference_months=33),
    AgeBand(below=None, days=624, reference_months=42),
)


class Status(enum.StrEnum):
    SUGGESTED = "suggested"
    TO_CHECK = "to_check"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class SocialSecuritySuggestion:
    status: Status
    day: dt.date | None
    days_needed: int | None
    months_needed: int | None
    reasons: tuple[str | Promise, ...]
    source: str | Promise = SOURCE

    @property
    def is_known(self) -> bool:
        return self.day is not None


def age_band(age: int) -> AgeBand:
    return next(band for band in AGE_BANDS if band.below is None or age < band.below)


def social_security_suggestion(
    *, birth_date: dt.date | None, starts_on: dt.date | None, hours_per_week: Decimal | None
) -> SocialSecuritySuggestion:
    """The day from which this contract alone gives the right to unemployment benefit (see the
    module's docstring), with why it is to check; unknown when a fact is missing."""
    missing = []
    if birth_date is None:
        missing.append(_("the client's birth date is not known"))
    if starts_on is None:
        missing.append(_("the start of the contract is not known"))
    if hours_per_week is None or hours_per_week <= 0:
        missing.append(_("the hours per week are not known"))
    if missing or birth_date is None or starts_on is None or hours_per_week is None:
        return SocialSecuritySuggestion(Status.UNKNOWN, None, None, None, tuple(missing))
    band = age_band(age_on(birth_date, starts_on))
    reasons: list[str | Promise] = []
    share = min(Decimal(1), hours_per_week / FULL_TIME_HOURS)
    months = math.ceil(Decimal(band.days) / DAYS_A_MONTH / share)
    if share < 1:
        reasons.append(
            _(
                "part-time work: its days are converted by the hours against a full-time week "
                "of 38 hours; the employer's own full-time week may differ"
            )
        )
    if months > band.reference_months:
        reasons.append(
            _(
                "at these hours the days needed are not reached within the reference period "
                "of %(months)s months"
            )
            % {"months": band.reference_months}
        )
    day = add_months(starts_on, months)
    if day >= REFORM_FROM:
        reasons.append(
            _(
                "the access rules of unemployment insurance changed on 1 March 2026 (RVA, "
                "2 March 2026); the new number of days was not found in a source"
            )
        )
    status = Status.TO_CHECK if reasons else Status.SUGGESTED
    return SocialSecuritySuggestion(status, day, band.days, months, tuple(reasons))
