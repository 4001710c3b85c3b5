"""The form of the leefloon figures: which months (and, for a lead of several teams or an
administrator, which team). A GET form: the query string says what is shown."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from core.dates import validate_date_in_range
from integration.selectors_figures import MAX_MONTHS, months_between

MONTH_FORMAT = "%Y-%m"


class MonthField(forms.DateField):
    """A month typed as 2026-03 (the browser's month input) or 03/2026: its first day."""

    input_formats = [MONTH_FORMAT, "%m/%Y"]
    default_validators = [validate_date_in_range]
    widget = forms.DateInput(format=MONTH_FORMAT, attrs={"type": "month"})
    default_error_messages = {"invalid": _("Enter a month as 2026-03.")}


class FiguresForm(forms.Form):
    team = forms.TypedChoiceField(label=_("Wijkteam"), coerce=int, required=False)
    first_month = MonthField(label=_("From month"))
    last_month = MonthField(label=_("Until month"))

    def __init__(self, *args: Any, teams: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(teams) > 1:
            team = self.fields["team"]
            assert isinstance(team, forms.TypedChoiceField)  # noqa: S101  # declared above
            team.choices = [("", _("All teams")), *teams]
        else:
            del self.fields["team"]  # nothing to choose

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("first_month"), data.get("last_month")
        if first and last:
            if last < first:
                self.add_error("last_month", _("The last month lies before the first."))
            elif len(months_between(first, last)) > MAX_MONTHS:
                self.add_error(
                    "last_month",
                    _("Choose at most %(months)s months at a time.") % {"months": MAX_MONTHS},
                )
        return data


def default_months(today: dt.date) -> dict[str, str]:
    """The last six months up to this one."""
    month = today.replace(day=1)
    year, index = divmod(month.year * 12 + month.month - 1 - 5, 12)
    first = dt.date(year, index + 1, 1)
    return {"first_month": f"{first:%Y-%m}", "last_month": f"{month:%Y-%m}"}
