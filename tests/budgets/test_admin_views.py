"""The administrators' screens for reference budget versions and aid policies: what they show,
the rules they keep (drafts only, no overlap, nothing half-saved) and their query counts."""

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils.translation import gettext

from budgets.csv_io import budget_version_csv
from budgets.forms.admin import cell_field_name
from budgets.models import AidPolicy, BudgetAmount, BudgetVersion, VersionStatus
from budgets.services.versions import (
    all_cells,
    budget_version_copy,
    budget_version_index,
    household_cell,
    person_cell,
    version_amounts,
)
from tests.conftest import login
from tests.factories import aid_policy, budget_version
from wijkteams.models import User

pytestmark = pytest.mark.django_db

FOOD_ADULT_F = person_cell("food", "18-64", "F")
FOOD_ADULT_M = person_cell("food", "18-64", "M")
ENERGY_1 = household_cell("energy_water", 1)


@pytest.fixture
def admin(client: HttpClient, admin_user: User) -> HttpClient:
    return login(client, admin_user)


@pytest.fixture
def published(admin_user: User) -> BudgetVersion:
    amounts = {cell: Decimal("10.00") for cell in all_cells()}
    amounts[FOOD_ADULT_F] = Decimal("230.00")
    amounts[FOOD_ADULT_M] = Decimal("1234.56")
    amounts[ENERGY_1] = Decimal("160.00")
    return budget_version(actor=admin_user, amounts=amounts, name="Budget 2025")


@pytest.fixture
def draft(admin_user: User) -> BudgetVersion:
    return budget_version(
        actor=admin_user, published=False, valid_from=dt.date(2030, 1, 1), name="Concept 2030"
    )


def _edit_data(version: BudgetVersion, **changes: str) -> dict[str, str]:
    """The edit form as the browser sends it: every field with its current value."""
    data = {
        "name": version.name,
        "valid_from": version.valid_from.isoformat(),
        "valid_to": version.valid_to.isoformat() if version.valid_to else "",
        "notes": version.notes,
    }
    for cell, amount in version_amounts(version).items():
        data[cell_field_name(cell)] = str(amount).replace(".", ",")
    data.update(changes)
    return data


# --- list and version page ------------------------------------------------------------------


def test_version_list_shows_status_period_demo_label_and_who(
    admin: HttpClient, admin_user: User, published: BudgetVersion, draft: BudgetVersion
) -> None:
    BudgetVersion.objects.filter(pk=draft.pk).update(is_demo=True)
    page = admin.get(reverse("budgets:version_list")).content.decode()
    assert "Budget 2025" in page
    assert "Concept 2030" in page
    assert "gepubliceerd" in page
    assert "concept" in page
    assert ">demo</span>" in page
    assert "vanaf 01/01/2020" in page
    assert admin_user.get_full_name() in page


@pytest.mark.parametrize("size", [2, 30])
def test_version_list_query_count_does_not_grow(
    admin: HttpClient, admin_user: User, size: int, django_assert_num_queries: Any
) -> None:
    source = budget_version(actor=admin_user)
    for n in range(size - 1):
        budget_version_copy(
            actor=admin_user, source=source, name=f"Kopie {n}", valid_from=dt.date(2031, 1, 1)
        )
    # session, user, count, the page with creator, publisher, indexer and source joined
    with django_assert_num_queries(4):
        response = admin.get(reverse("budgets:version_list"))
    assert len(response.context["page"]) == min(size, 25)


def test_version_page_shows_person_amounts_the_belgian_way(
    admin: HttpClient, published: BudgetVersion
) -> None:
    page = admin.get(reverse("budgets:version_detail", args=[published.pk])).content.decode()
    assert "230,00" in page
    assert "1.234,56" in page
    assert "18 tot 64 jaar" in page


def test_version_page_totals_a_column_per_person_and_per_household(
    admin: HttpClient, published: BudgetVersion
) -> None:
    response = admin.get(reverse("budgets:version_detail", args=[published.pk]))
    matrix = response.context["matrix"]
    adults = list(response.context["matrix"].bands).index(("18-64", "18 tot 64 jaar"))
    # food 230 + seven other person components at 10
    assert matrix.person_totals[adults].female == Decimal("300.00")
    # energy 160 + four other household components at 10
    assert matrix.household_totals[0] == Decimal("200.00")
    assert "200,00" in response.content.decode()


def test_version_page_query_count(
    admin: HttpClient, published: BudgetVersion, django_assert_num_queries: Any
) -> None:
    # session, user, the version with its people, its amounts
    with django_assert_num_queries(4):
        admin.get(reverse("budgets:version_detail", args=[published.pk]))


def test_version_page_shows_the_audit_trail_of_an_indexed_version(
    admin: HttpClient, admin_user: User, published: BudgetVersion
) -> None:
    indexed = budget_version_index(
        actor=admin_user, source=published, percent=Decimal("2"), valid_from=dt.date(2026, 1, 1)
    )
    page = admin.get(reverse("budgets:version_detail", args=[indexed.pk])).content.decode()
    assert "Budget 2025" in page
    assert "geïndexeerd met 2,00% door" in page
    assert reverse("budgets:version_compare") + f"?a={published.pk}&amp;b={indexed.pk}" in page


def test_version_page_says_how_many_amounts_a_draft_still_lacks(
    admin: HttpClient, admin_user: User
) -> None:
    from budgets.services.versions import budget_version_create

    empty = budget_version_create(actor=admin_user, name="Leeg", valid_from=dt.date(2031, 1, 1))
    page = admin.get(reverse("budgets:version_detail", args=[empty.pk])).content.decode()
    assert f"{len(all_cells())} bedragen ontbreken nog" in page


# --- create and copy ------------------------------------------------------------------------


def test_create_makes_an_empty_draft_and_opens_it_for_editing(admin: HttpClient) -> None:
    response = admin.post(
        reverse("budgets:version_create"),
        {"name": "Nieuw 2027", "valid_from": "2027-01-01", "is_demo": "on"},
    )
    version = BudgetVersion.objects.get(name="Nieuw 2027")
    assert response["Location"] == reverse("budgets:version_edit", args=[version.pk])
    assert version.status == VersionStatus.DRAFT
    assert version.is_demo
    assert not version.amounts.exists()


def test_create_can_copy_the_amounts_of_a_published_version(
    admin: HttpClient, published: BudgetVersion
) -> None:
    admin.post(
        reverse("budgets:version_create"),
        {"name": "Herprijsd 2027", "valid_from": "2027-01-01", "copy_from": published.pk},
    )
    copy = BudgetVersion.objects.get(name="Herprijsd 2027")
    assert version_amounts(copy) == version_amounts(published)
    assert copy.based_on == published
    assert copy.index_percent is None


def test_budget_version_copy_makes_a_draft_with_the_same_amounts(
    admin_user: User, published: BudgetVersion
) -> None:
    copy = budget_version_copy(
        actor=admin_user, source=published, name="Kopie", valid_from=dt.date(2027, 1, 1)
    )
    assert copy.status == VersionStatus.DRAFT
    assert copy.based_on_id == published.pk
    assert version_amounts(copy) == version_amounts(published)


def test_create_keeps_what_was_typed_when_the_period_is_wrong(admin: HttpClient) -> None:
    response = admin.post(
        reverse("budgets:version_create"),
        {"name": "Fout", "valid_from": "2027-01-01", "valid_to": "2026-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_to"] == [
        "De einddatum kan niet voor de begindatum liggen."
    ]
    assert 'value="Fout"' in response.content.decode()
    assert not BudgetVersion.objects.filter(name="Fout").exists()


# --- editing a draft ------------------------------------------------------------------------


def test_edit_saves_amounts_typed_the_belgian_way(admin: HttpClient, draft: BudgetVersion) -> None:
    data = _edit_data(draft, **{cell_field_name(FOOD_ADULT_F): "1.234,56", "notes": "Herzien"})
    response = admin.post(reverse("budgets:version_edit", args=[draft.pk]), data)
    assert response["Location"] == reverse("budgets:version_detail", args=[draft.pk])
    assert version_amounts(draft)[FOOD_ADULT_F] == Decimal("1234.56")
    draft.refresh_from_db()
    assert draft.notes == "Herzien"


def test_edit_shows_the_current_amounts_in_the_matrix(
    admin: HttpClient, draft: BudgetVersion
) -> None:
    page = admin.get(reverse("budgets:version_edit", args=[draft.pk])).content.decode()
    assert f'name="{cell_field_name(FOOD_ADULT_F)}" value="10,00"' in page


def test_edit_with_a_negative_or_malformed_amount_saves_nothing_and_keeps_what_was_typed(
    admin: HttpClient, draft: BudgetVersion
) -> None:
    before = version_amounts(draft)
    data = _edit_data(
        draft,
        name="Nieuwe naam",
        **{
            cell_field_name(FOOD_ADULT_F): "-5,00",
            cell_field_name(FOOD_ADULT_M): "twaalf",
            cell_field_name(ENERGY_1): "170,00",
        },
    )
    response = admin.post(reverse("budgets:version_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    errors = response.context["amounts_form"].errors
    assert errors[cell_field_name(FOOD_ADULT_F)] == ["Een bedrag kan niet negatief zijn."]
    assert errors[cell_field_name(FOOD_ADULT_M)] == [gettext("Enter a number.")]
    page = response.content.decode()
    assert 'value="-5,00"' in page
    assert 'value="twaalf"' in page
    assert 'value="170,00"' in page
    assert 'value="Nieuwe naam"' in page
    assert 'aria-describedby="id_p_food_18-64_F-fout"' in page
    assert version_amounts(draft) == before
    draft.refresh_from_db()
    assert draft.name == "Concept 2030"


def test_edit_refuses_to_empty_a_cell_that_has_an_amount(
    admin: HttpClient, draft: BudgetVersion
) -> None:
    data = _edit_data(draft, **{cell_field_name(ENERGY_1): ""})
    response = admin.post(reverse("budgets:version_edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert cell_field_name(ENERGY_1) in response.context["amounts_form"].errors
    assert version_amounts(draft)[ENERGY_1] == Decimal("100.00")


def test_edit_of_a_published_version_is_refused_and_changes_nothing(
    admin: HttpClient, published: BudgetVersion
) -> None:
    url = reverse("budgets:version_edit", args=[published.pk])
    detail = reverse("budgets:version_detail", args=[published.pk])
    assert admin.get(url)["Location"] == detail
    response = admin.post(url, _edit_data(published, name="Gewijzigd"), follow=True)
    assert "gepubliceerde versie verandert nooit" in response.content.decode()
    published.refresh_from_db()
    assert published.name == "Budget 2025"
    assert version_amounts(published)[FOOD_ADULT_F] == Decimal("230.00")


# --- indexing -------------------------------------------------------------------------------


def test_index_makes_a_draft_raised_by_the_percentage(
    admin: HttpClient, published: BudgetVersion
) -> None:
    response = admin.post(
        reverse("budgets:version_index", args=[published.pk]),
        {"percent": "2", "valid_from": "2026-01-01"},
    )
    draft = BudgetVersion.objects.get(based_on=published)
    assert response["Location"] == reverse("budgets:version_detail", args=[draft.pk])
    assert draft.status == VersionStatus.DRAFT
    assert draft.index_percent == Decimal("2.00")
    assert version_amounts(draft)[FOOD_ADULT_F] == Decimal("234.60")
    assert version_amounts(draft)[FOOD_ADULT_M] == Decimal("1259.25")  # 1259.2512


def test_index_refuses_a_start_before_the_indexed_version(
    admin: HttpClient, published: BudgetVersion
) -> None:
    response = admin.post(
        reverse("budgets:version_index", args=[published.pk]),
        {"percent": "2,5", "valid_from": "2019-01-01"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["valid_from"] == [
        "De geïndexeerde versie moet later beginnen dan de versie die ze indexeert."
    ]
    assert not BudgetVersion.objects.filter(based_on=published).exists()


def test_index_of_a_draft_is_refused(admin: HttpClient, draft: BudgetVersion) -> None:
    response = admin.get(reverse("budgets:version_index", args=[draft.pk]))
    assert response["Location"] == reverse("budgets:version_detail", args=[draft.pk])


# --- publishing -----------------------------------------------------------------------------


def test_publish_page_shows_the_impact_preview_without_publishing(
    admin: HttpClient, draft: BudgetVersion
) -> None:
    response = admin.get(reverse("budgets:version_publish", args=[draft.pk]))
    assert response.status_code == 200
    assert response.context["impact"].total.clients == 0
    assert "Gevolgen voor recente berekeningen" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_publish_publishes_and_ends_the_open_predecessor(
    admin: HttpClient, admin_user: User, published: BudgetVersion, draft: BudgetVersion
) -> None:
    page = admin.get(reverse("budgets:version_publish", args=[draft.pk])).content.decode()
    assert "Budget 2025 stopt de dag voor 01/01/2030" in page
    response = admin.post(reverse("budgets:version_publish", args=[draft.pk]))
    assert response["Location"] == reverse("budgets:version_detail", args=[draft.pk])
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_by == admin_user
    assert published.valid_to == dt.date(2029, 12, 31)


def test_publish_refuses_an_overlap_with_a_dutch_message(
    admin: HttpClient, admin_user: User
) -> None:
    budget_version(actor=admin_user, valid_from=dt.date(2030, 1, 1), name="Gepubliceerd 2030")
    earlier = budget_version(
        actor=admin_user,
        published=False,
        valid_from=dt.date(2029, 1, 1),
        valid_to=dt.date(2030, 6, 30),
        name="Overlap",
    )
    response = admin.post(reverse("budgets:version_publish", args=[earlier.pk]))
    assert response.status_code == 400
    assert (
        "Deze periode overlapt de gepubliceerde versie Gepubliceerd 2030 (vanaf 01/01/2030)."
        in response.content.decode()
    )
    earlier.refresh_from_db()
    assert earlier.status == VersionStatus.DRAFT


def test_publish_refuses_an_incomplete_version(admin: HttpClient, admin_user: User) -> None:
    incomplete = budget_version(
        actor=admin_user,
        published=False,
        valid_from=dt.date(2031, 1, 1),
        amounts={FOOD_ADULT_F: Decimal("1.00")},
    )
    page = admin.get(reverse("budgets:version_publish", args=[incomplete.pk])).content.decode()
    assert "kan ze niet gepubliceerd worden" in page
    response = admin.post(reverse("budgets:version_publish", args=[incomplete.pk]))
    assert response.status_code == 400
    assert "De versie is onvolledig" in response.content.decode()
    incomplete.refresh_from_db()
    assert incomplete.status == VersionStatus.DRAFT


def test_publish_of_a_published_version_is_refused(
    admin: HttpClient, published: BudgetVersion
) -> None:
    response = admin.post(reverse("budgets:version_publish", args=[published.pk]))
    assert response["Location"] == reverse("budgets:version_detail", args=[published.pk])


# --- deleting -------------------------------------------------------------------------------


def test_delete_removes_a_draft_with_its_amounts(admin: HttpClient, draft: BudgetVersion) -> None:
    assert admin.get(reverse("budgets:version_delete", args=[draft.pk])).status_code == 200
    response = admin.post(reverse("budgets:version_delete", args=[draft.pk]))
    assert response["Location"] == reverse("budgets:version_list")
    assert not BudgetVersion.objects.filter(pk=draft.pk).exists()
    assert not BudgetAmount.objects.filter(version_id=draft.pk).exists()


def test_delete_of_a_published_version_is_refused(
    admin: HttpClient, published: BudgetVersion
) -> None:
    admin.post(reverse("budgets:version_delete", args=[published.pk]))
    assert BudgetVersion.objects.filter(pk=published.pk).exists()


# --- CSV ------------------------------------------------------------------------------------


def test_export_downloads_the_version_as_csv_for_excel(
    admin: HttpClient, published: BudgetVersion
) -> None:
    response = admin.get(reverse("budgets:version_export", args=[published.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert response.content.decode("utf-8") == budget_version_csv(published)
    assert response.content.startswith("\ufeff".encode())


def test_import_makes_a_new_draft(admin: HttpClient, published: BudgetVersion) -> None:
    data = budget_version_csv(published).encode("utf-8")
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin.post(
        reverse("budgets:version_import"),
        {
            "name": "Uit Excel",
            "valid_from": "2027-01-01",
            "file": SimpleUploadedFile("budget.csv", data, content_type="text/csv"),
        },
    )
    version = BudgetVersion.objects.get(name="Uit Excel")
    assert response["Location"] == reverse("budgets:version_detail", args=[version.pk])
    assert version.status == VersionStatus.DRAFT
    assert version_amounts(version) == version_amounts(published)


def test_import_with_bad_rows_lists_them_and_saves_nothing(
    admin: HttpClient, published: BudgetVersion
) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    lines = budget_version_csv(published).splitlines()
    lines[5] = "fod;18-64;F;;12,50"
    data = "\r\n".join(lines).encode("utf-8")
    count = BudgetVersion.objects.count()
    response = admin.post(
        reverse("budgets:version_import"),
        {
            "name": "Fout",
            "valid_from": "2027-01-01",
            "file": SimpleUploadedFile("budget.csv", data, content_type="text/csv"),
        },
    )
    assert response.status_code == 400
    assert "Rij 6: onbekende component “fod”." in response.content.decode()
    assert 'value="Fout"' in response.content.decode()
    assert BudgetVersion.objects.count() == count


# --- comparing ------------------------------------------------------------------------------


def test_compare_shows_old_new_difference_and_percentage_of_changed_cells(
    admin: HttpClient, admin_user: User, published: BudgetVersion
) -> None:
    indexed = budget_version_index(
        actor=admin_user, source=published, percent=Decimal("10"), valid_from=dt.date(2026, 1, 1)
    )
    response = admin.get(reverse("budgets:version_compare"), {"a": published.pk, "b": indexed.pk})
    diff = response.context["diff"]
    assert diff.changed_count == diff.cell_count == len(all_cells())
    row = next(r for g in diff.groups for r in g.rows if r.cell == FOOD_ADULT_F)
    assert (row.old, row.new, row.difference, row.percent) == (
        Decimal("230.00"),
        Decimal("253.00"),
        Decimal("23.00"),
        Decimal("10.00"),
    )
    page = response.content.decode()
    assert "+23,00" in page
    assert "+10,00%" in page
    assert 'class="table-warning"' in page


def test_compare_marks_only_the_cells_that_changed(
    admin: HttpClient, admin_user: User, published: BudgetVersion
) -> None:
    copy = budget_version_copy(
        actor=admin_user, source=published, name="Kopie", valid_from=dt.date(2027, 1, 1)
    )
    BudgetAmount.objects.filter(version=copy, component="safety", household_size=2).update(
        amount=Decimal("12.00")
    )
    response = admin.get(reverse("budgets:version_compare"), {"a": published.pk, "b": copy.pk})
    assert response.context["diff"].changed_count == 1
    assert response.content.decode().count('class="table-warning"') == 1


def test_compare_without_a_choice_offers_the_two_newest_versions(
    admin: HttpClient, published: BudgetVersion, draft: BudgetVersion
) -> None:
    response = admin.get(reverse("budgets:version_compare"))
    assert response.context["diff"] is None
    assert response.context["form"].initial == {"b": draft.pk, "a": published.pk}


# --- aid policies ---------------------------------------------------------------------------

POLICY_POST = {
    "name": "Beleid 2031",
    "valid_from": "2031-01-01",
    "coverage_percent": "80",
    "monthly_cap": "1.250,00",
    "minimum_amount": "10,00",
    "rounding": AidPolicy.Rounding.EURO_DOWN,
    "max_months": "6",
    "activation_required": "on",
    "excluded_income_kinds": ["groeipakket", "rent_premium"],
    "spi_exemption": "309,48",
    "spi_exemption_source": "Bron van de test",
}


def test_policy_create_makes_a_draft_with_the_income_that_does_not_count(
    admin: HttpClient, admin_user: User
) -> None:
    response = admin.post(reverse("budgets:policy_create"), POLICY_POST)
    policy = AidPolicy.objects.get(name="Beleid 2031")
    assert response["Location"] == reverse("budgets:policy_detail", args=[policy.pk])
    assert policy.status == VersionStatus.DRAFT
    assert policy.created_by == admin_user
    assert policy.monthly_cap == Decimal("1250.00")
    assert policy.excluded_income_kinds == ["groeipakket", "rent_premium"]
    assert policy.spi_exemption == Decimal("309.48")
    assert policy.spi_exemption_source == "Bron van de test"


def test_a_new_policy_proposes_the_latest_known_exemption_with_its_source(
    admin: HttpClient,
) -> None:
    form = admin.get(reverse("budgets:policy_create")).context["form"]
    assert form["spi_exemption"].value() == Decimal("309.48")
    assert "1 februari 2025" in form["spi_exemption_source"].value()


def test_a_policy_needs_its_exemption_and_the_source_of_it(admin: HttpClient) -> None:
    response = admin.post(
        reverse("budgets:policy_create"),
        {**POLICY_POST, "spi_exemption": "", "spi_exemption_source": ""},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"spi_exemption", "spi_exemption_source"}
    assert not AidPolicy.objects.filter(name="Beleid 2031").exists()


def test_policy_form_refuses_a_coverage_above_100_and_keeps_what_was_typed(
    admin: HttpClient,
) -> None:
    response = admin.post(
        reverse("budgets:policy_create"), {**POLICY_POST, "coverage_percent": "120"}
    )
    assert response.status_code == 200
    assert "coverage_percent" in response.context["form"].errors
    assert 'value="1.250,00"' in response.content.decode()
    assert not AidPolicy.objects.filter(name="Beleid 2031").exists()


def test_policy_page_shows_the_rules_and_who_created_and_published_it(
    admin: HttpClient, admin_user: User
) -> None:
    policy = aid_policy(
        actor=admin_user,
        excluded_income_kinds=["groeipakket"],
        name="Beleid A",
        spi_exemption=Decimal("309.48"),
        spi_exemption_source="Primabook, vanaf 1 februari 2025",
    )
    page = admin.get(reverse("budgets:policy_detail", args=[policy.pk])).content.decode()
    assert "Groeipakket (kinderbijslag)" in page
    assert "Vrijstelling voor socio-professionele integratie" in page
    assert "€&nbsp;309,48 per maand" in page
    assert "Bron: Primabook, vanaf 1 februari 2025" in page
    assert page.count(admin_user.get_full_name()) >= 2


def test_policy_edit_saves_a_draft(admin: HttpClient, admin_user: User) -> None:
    draft = aid_policy(actor=admin_user, published=False, valid_from=dt.date(2031, 1, 1))
    url = reverse("budgets:policy_edit", args=[draft.pk])
    assert admin.get(url).status_code == 200
    admin.post(url, {**POLICY_POST, "name": "Aangepast", "excluded_income_kinds": []})
    draft.refresh_from_db()
    assert draft.name == "Aangepast"
    assert draft.excluded_income_kinds == []
    assert draft.coverage_percent == Decimal("80.00")


def test_policy_edit_of_a_published_policy_is_refused_and_changes_nothing(
    admin: HttpClient, admin_user: User
) -> None:
    policy = aid_policy(actor=admin_user, name="Vast")
    url = reverse("budgets:policy_edit", args=[policy.pk])
    response = admin.post(url, {**POLICY_POST, "name": "Gewijzigd"})
    assert response["Location"] == reverse("budgets:policy_detail", args=[policy.pk])
    policy.refresh_from_db()
    assert policy.name == "Vast"


def test_policy_publish_ends_the_open_predecessor(admin: HttpClient, admin_user: User) -> None:
    current = aid_policy(actor=admin_user, name="Huidig")
    draft = aid_policy(actor=admin_user, published=False, valid_from=dt.date(2031, 1, 1))
    page = admin.get(reverse("budgets:policy_publish", args=[draft.pk])).content.decode()
    assert "Huidig stopt de dag voor 01/01/2031" in page
    admin.post(reverse("budgets:policy_publish", args=[draft.pk]))
    draft.refresh_from_db()
    current.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.published_by == admin_user
    assert current.valid_to == dt.date(2030, 12, 31)


def test_policy_publish_refuses_an_overlap_with_a_dutch_message(
    admin: HttpClient, admin_user: User
) -> None:
    aid_policy(actor=admin_user, name="Later", valid_from=dt.date(2031, 1, 1))
    draft = aid_policy(
        actor=admin_user,
        published=False,
        name="Ervoor",
        valid_from=dt.date(2030, 1, 1),
        valid_to=dt.date(2031, 12, 31),
    )
    response = admin.post(reverse("budgets:policy_publish", args=[draft.pk]))
    assert response.status_code == 400
    assert "overlapt de gepubliceerde versie Later" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_policy_delete_removes_only_drafts(admin: HttpClient, admin_user: User) -> None:
    published = aid_policy(actor=admin_user)
    draft = aid_policy(actor=admin_user, published=False, valid_from=dt.date(2031, 1, 1))
    admin.post(reverse("budgets:policy_delete", args=[published.pk]))
    response = admin.post(reverse("budgets:policy_delete", args=[draft.pk]))
    assert response["Location"] == reverse("budgets:policy_list")
    assert list(AidPolicy.objects.all()) == [published]


@pytest.mark.parametrize("size", [2, 30])
def test_policy_list_query_count_does_not_grow(
    admin: HttpClient, admin_user: User, size: int, django_assert_num_queries: Any
) -> None:
    for n in range(size):
        aid_policy(actor=admin_user, published=n == 0, valid_from=dt.date(2030 + n, 1, 1))
    # session, user, count, the page with creator and publisher joined
    with django_assert_num_queries(4):
        response = admin.get(reverse("budgets:policy_list"))
    assert len(response.context["page"]) == min(size, 25)


# --- navigation -----------------------------------------------------------------------------


def test_administrators_find_the_screens_in_the_menu_and_on_the_configuration_page(
    admin: HttpClient,
) -> None:
    page = admin.get(reverse("wijkteams:configuration")).content.decode()
    assert page.count(f'href="{reverse("budgets:version_list")}"') == 2
    assert page.count(f'href="{reverse("budgets:policy_list")}"') == 2
    assert "Referentiebudgetten" in page
    assert "Steunbeleid" in page


def test_social_workers_do_not_see_the_menu_items(client: HttpClient, worker: User) -> None:
    login(client, worker)
    page = client.get(reverse("clients:my_cases")).content.decode()
    assert reverse("budgets:version_list") not in page
