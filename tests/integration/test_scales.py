"""The leefloon amounts (issue 20 point 4): an administrator drafts the next indexation (typed or
by a percentage), previews what it does to the running leefloons in a fixed number of queries,
and publishes it, which indexes them from its day, in one transaction.

The published amounts are those of 1 February 2025 (LeefloonScaleFactory): per year 10,513.60
cohabitant, 15,770.41 single, 21,312.84 family; SPI exemption 309.48 a month."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from clients.models import AccessLog, Income
from clients.services import EditConflictError
from integration.log_actions import LOG_INDEXED
from integration.models import GrantAmount, LeefloonGrant, LeefloonScale, ScaleStatus
from integration.selectors_scales import indexation_preview
from integration.services.scales import (
    scale_draft_create,
    scale_draft_update,
    scale_index,
    scale_publish,
)
from tests.conftest import login
from tests.factories import (
    GrantAmountFactory,
    IncomeFactory,
    LeefloonCalculationFactory,
    LeefloonGrantFactory,
    LeefloonScaleFactory,
    WijkteamFactory,
    client_of,
    social_worker,
)
from wijkteams.models import User, Wijkteam

D = dt.date
DAY = D(2026, 9, 1)  # the new amounts' first day (migration 0002 has a draft of 1-3-2026)
EVE = D(2026, 8, 31)
STARTED = D(2025, 9, 1)
WAGE_500: dict[str, str | bool] = {
    "key": "income-1",
    "kind": "wage",
    "monthly": "500.00",
    "counted": True,
    "reason": "",
    "exemption": "",
}


def _indexed(actor: User, percent: str = "2.00") -> LeefloonScale:
    LeefloonScaleFactory.create()
    return scale_index(actor=actor, percent=Decimal(percent), valid_from=DAY, source="BS 2026")


def _running(
    *,
    category: str = "single",
    applicant: list[dict[str, str | bool]] | None = None,
    amount: str,
    starts_on: dt.date = STARTED,
    ended_on: dt.date | None = None,
    team_name: str = "Centrum",
) -> LeefloonGrant:
    """A leefloon on the amounts of 1-2-2025 with its first amount and its income line."""
    team = Wijkteam.objects.filter(name=team_name).first() or WijkteamFactory.create(name=team_name)
    client = client_of(social_worker(team))
    calculation = LeefloonCalculationFactory.create(
        request__client=client,
        request__received_on=starts_on,
        category=category,
        proposed_category=category,
        inputs={
            "category": category,
            "starts_on": starts_on.isoformat(),
            "applicant": applicant or [],
            "partner": None,
            "relatives": [],
        },
    )
    grant = LeefloonGrantFactory.create(
        calculation=calculation,
        starts_on=starts_on,
        ended_on=ended_on,
        end_reason="work found" if ended_on else "",
    )
    GrantAmountFactory.create(grant=grant, monthly_amount=Decimal(amount))
    IncomeFactory.create(
        client=grant.client,
        kind=Income.Kind.LEEFLOON,
        leefloon_category=category,
        net_monthly=Decimal(amount),
        starts_on=starts_on,
        ends_on=ended_on,
    )
    return grant


# --- drafts -------------------------------------------------------------------------------------


def test_indexing_raises_the_amounts_to_the_cent_and_copies_the_fixed_exemptions(
    admin_user: User,
) -> None:
    draft = _indexed(admin_user)
    assert draft.status == ScaleStatus.DRAFT
    assert draft.created_by == admin_user
    # 10,513.60 x 1.02 = 10,723.872; 15,770.41 x 1.02 = 16,085.8182; 21,312.84 x 1.02 =
    # 21,739.0968; 309.48 x 1.02 = 315.6696.
    assert (draft.cohabitant_yearly, draft.single_yearly, draft.family_yearly) == (
        Decimal("10723.87"),
        Decimal("16085.82"),
        Decimal("21739.10"),
    )
    assert draft.spi_monthly == draft.spi_student_monthly == Decimal("315.67")
    # The general exemption (KB art. 22 §2) is a fixed amount.
    assert (draft.exemption_single_yearly, draft.spi_max_months) == (Decimal("250.00"), 36)


def test_new_amounts_start_after_the_latest_published(admin_user: User) -> None:
    LeefloonScaleFactory.create()
    before = LeefloonScale.objects.count()
    with pytest.raises(ValidationError) as error:
        scale_index(actor=admin_user, percent=Decimal("2"), valid_from=D(2025, 1, 1), source="x")
    assert "valid_from" in error.value.message_dict
    assert LeefloonScale.objects.count() == before


def test_only_an_administrator_drafts_amounts(worker: User) -> None:
    LeefloonScaleFactory.create()
    with pytest.raises(PermissionDenied):
        scale_index(actor=worker, percent=Decimal("2"), valid_from=DAY, source="x")


def test_a_stale_draft_is_not_overwritten(admin_user: User) -> None:
    draft = _indexed(admin_user)
    scale_draft_update(
        actor=admin_user,
        scale=draft,
        expected_version=draft.version,
        fields={"single_yearly": Decimal("16085.81")},
    )
    with pytest.raises(EditConflictError):
        scale_draft_update(
            actor=admin_user,
            scale=draft,
            expected_version=draft.version,  # as loaded before the first save
            fields={"single_yearly": Decimal("1.00")},
        )
    draft.refresh_from_db()
    assert draft.single_yearly == Decimal("16085.81")


def test_amounts_out_of_order_are_refused_at_their_field(admin_user: User) -> None:
    published = LeefloonScaleFactory.create()
    before = LeefloonScale.objects.count()
    fields = {
        name: getattr(published, name)
        for name in ("cohabitant_yearly", "family_yearly", "exemption_cohabitant_yearly")
    }
    with pytest.raises(ValidationError):
        scale_draft_create(
            actor=admin_user,
            fields={
                **fields,
                "valid_from": DAY,
                "single_yearly": Decimal("100.00"),  # below the cohabitant amount
                "exemption_single_yearly": Decimal("250"),
                "exemption_family_yearly": Decimal("310"),
                "spi_monthly": Decimal("1"),
                "spi_student_grant_monthly": Decimal("1"),
                "spi_student_monthly": Decimal("1"),
                "source": "x",
            },
        )
    assert LeefloonScale.objects.count() == before


# --- the preview --------------------------------------------------------------------------------


def test_the_preview_adds_what_the_new_amounts_change_in_each_calculation(
    admin_user: User,
) -> None:
    draft = _indexed(admin_user)
    single = _running(amount="1314.20")
    # The decision set another amount than the calculation: it keeps its difference.
    by_hand = _running(amount="1000.00")
    cohabitant = _running(category="cohabitant", amount="876.13", team_name="Heule")
    # A wage of 500 counted: (15,770.41 - 6,000 + 250) / 12 = 835.03 before, and
    # (16,085.82 - 5,750) / 12 = 861.32 after.
    wage = _running(applicant=[WAGE_500], amount="835.03")
    ended = _running(amount="1314.20", ended_on=EVE)
    later = _running(amount="1314.20", starts_on=DAY)

    preview = indexation_preview(scale=draft)

    changes = {change.grant_id: (change.old, change.new) for change in preview.changes}
    # 16,085.82 / 12 = 1,340.485 -> 1,340.49 (+26.29); 10,723.87 / 12 = 893.66 (+17.53).
    assert changes == {
        single.pk: (Decimal("1314.20"), Decimal("1340.49")),
        by_hand.pk: (Decimal("1000.00"), Decimal("1026.29")),
        cohabitant.pk: (Decimal("876.13"), Decimal("893.66")),
        wage.pk: (Decimal("835.03"), Decimal("861.32")),
    }
    assert ended.pk not in changes
    assert later.pk not in changes
    assert preview.by_hand == 1  # `later`: its decision rests on the old amounts
    assert preview.total.grants == 4
    assert preview.total.difference == Decimal("26.29") * 3 + Decimal("17.53")
    heule = [group for group in preview.groups if group.team == "Heule"]
    assert [(g.category, g.grants, g.smallest, g.largest) for g in heule] == [
        ("cohabitant", 1, Decimal("17.53"), Decimal("17.53"))
    ]


@pytest.mark.parametrize("grants", [3, 30])
def test_the_preview_takes_three_queries_whatever_the_number_of_leefloons(
    admin_user: User, grants: int
) -> None:
    draft = _indexed(admin_user)
    for _ in range(grants):
        _running(amount="1314.20")
    with CaptureQueriesContext(connection) as queries:
        preview = indexation_preview(scale=draft)
    assert preview.total.grants == grants
    assert len(queries) == 3


# --- publishing -----------------------------------------------------------------------------


def test_publishing_indexes_each_running_leefloon_from_its_day(admin_user: User) -> None:
    draft = _indexed(admin_user)
    single = _running(amount="1314.20")
    ended = _running(amount="1314.20", ended_on=EVE)

    done = scale_publish(actor=admin_user, scale=draft, expected_version=draft.version)

    assert done.total.grants == 1
    draft.refresh_from_db()
    assert draft.status == ScaleStatus.PUBLISHED
    assert draft.published_by == admin_user
    indexed = GrantAmount.objects.get(grant=single, reason=GrantAmount.Reason.INDEXATION)
    assert (indexed.valid_from, indexed.monthly_amount, indexed.scale) == (
        DAY,
        Decimal("1340.49"),
        draft,
    )
    lines = Income.objects.filter(client=single.client, kind=Income.Kind.LEEFLOON).order_by(
        "starts_on"
    )
    # The old line ends the day before and stays (a calculation of February still reads it).
    assert [(line.starts_on, line.ends_on, line.net_monthly) for line in lines] == [
        (D(2025, 9, 1), EVE, Decimal("1314.20")),
        (DAY, None, Decimal("1340.49")),
    ]
    assert not GrantAmount.objects.filter(grant=ended, reason="indexation").exists()
    assert Income.objects.filter(client=ended.client, kind="leefloon").count() == 1
    logged = AccessLog.objects.filter(what_key=LOG_INDEXED)
    assert [(row.client_id, row.actor_id) for row in logged] == [(single.client_id, admin_user.pk)]


def test_a_line_that_starts_on_the_day_takes_the_new_amount(admin_user: User) -> None:
    draft = _indexed(admin_user)
    grant = _running(amount="1314.20")
    line = Income.objects.get(client=grant.client)
    line.ends_on = DAY - dt.timedelta(days=1)
    line.save()
    same_day = IncomeFactory.create(
        client=grant.client,
        kind=Income.Kind.LEEFLOON,
        leefloon_category="single",
        net_monthly=Decimal("1314.20"),
        starts_on=DAY,
    )
    scale_publish(actor=admin_user, scale=draft, expected_version=draft.version)
    same_day.refresh_from_db()
    assert (same_day.net_monthly, same_day.version) == (Decimal("1340.49"), 2)
    assert Income.objects.filter(client=grant.client).count() == 2


def _writes_of_publishing(actor: User, draft: LeefloonScale) -> int:
    with CaptureQueriesContext(connection) as queries:
        scale_publish(actor=actor, scale=draft, expected_version=draft.version)
    return len(queries)


def test_publishing_takes_the_same_queries_for_3_and_for_30_leefloons_in_one_batch(
    admin_user: User,
) -> None:
    first = _indexed(admin_user)
    for _ in range(3):
        _running(amount="1314.20")
    for_three = _writes_of_publishing(admin_user, first)
    second = scale_index(
        actor=admin_user, percent=Decimal("1"), valid_from=D(2027, 1, 1), source="BS 2027"
    )
    for _ in range(27):
        _running(amount="1314.20")
    for_thirty = _writes_of_publishing(admin_user, second)
    assert GrantAmount.objects.filter(reason="indexation", scale=second).count() == 30
    assert for_thirty == for_three


def test_a_stale_or_published_draft_is_not_published_again(admin_user: User) -> None:
    draft = _indexed(admin_user)
    grant = _running(amount="1314.20")
    with pytest.raises(EditConflictError):
        scale_publish(actor=admin_user, scale=draft, expected_version=draft.version + 1)
    assert not GrantAmount.objects.filter(grant=grant, reason="indexation").exists()
    scale_publish(actor=admin_user, scale=draft, expected_version=draft.version)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        scale_publish(actor=admin_user, scale=draft, expected_version=draft.version)
    assert GrantAmount.objects.filter(grant=grant, reason="indexation").count() == 1


# --- pages ------------------------------------------------------------------------------------


def test_the_pages_are_for_administrators_only(worker: User, admin_user: User) -> None:
    draft = _indexed(admin_user)
    http = login(HttpClient(), worker)
    for url in [
        reverse("integration:scale_list"),
        reverse("integration:scale_detail", args=[draft.pk]),
        reverse("integration:scale_publish", args=[draft.pk]),
    ]:
        assert http.get(url).status_code == 403
    assert http.post(reverse("integration:scale_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_published


def test_the_index_form_keeps_what_was_typed_with_the_error_in_dutch(admin_user: User) -> None:
    LeefloonScaleFactory.create()
    before = LeefloonScale.objects.count()
    http = login(HttpClient(), admin_user)
    response = http.post(
        reverse("integration:scale_index"),
        {"valid_from": "2025-01-01", "percent": "2,5", "source": "BS 12-12-2025"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "na de laatst gepubliceerde" in page
    assert "BS 12-12-2025" in page
    assert 'value="2,5"' in page
    assert LeefloonScale.objects.count() == before


def test_the_administrator_previews_and_publishes(admin_user: User) -> None:
    draft = _indexed(admin_user)
    grant = _running(amount="1314.20")
    http = login(HttpClient(), admin_user)
    url = reverse("integration:scale_publish", args=[draft.pk])
    page = http.get(url).content.decode()
    assert "1.314,20" in page
    assert "1.340,49" in page
    assert "+26,29" in page
    assert grant.client.last_name not in page  # no client is named
    response = http.post(url, {"version": draft.version})
    assert response.status_code == 302
    assert GrantAmount.objects.filter(grant=grant, reason="indexation").count() == 1
    refused = http.post(url, {"version": draft.version})
    assert refused.status_code == 302  # published: back to the page, with the reason
    assert GrantAmount.objects.filter(grant=grant, reason="indexation").count() == 1
