"""One small pure function per right: `rule(facts, params) -> Finding | None`.

None: nothing to report (not eligible, or the file already records the right, see SKIP_STATUSES).
A Finding with eligible=True opens a flag; with eligible=False it is a "data missing" note: the
rule could not decide because the file lacks a decisive datum. Data is only called missing when
it would change the outcome (a rule whose other conditions already fail says nothing).

Explanations are English msgids marked with gettext_noop and translated when shown (see
rights.facts.Line); their values are strings, amounts in Belgian notation. `Finding.facts` holds
the decisive facts only (which grounds matched, the income compared, the number of dependants),
never the scan date or counters that grow by themselves such as "months in a row": a dismissed
flag comes back only when these change.

Thresholds come from RightParameters (versioned, edited by administrators); DEFAULTS below are
the versions shipped to seed the catalogue: first the figures of shared/domain/rights.md, then
those of 2024-2026 with their sources and valid-from dates (docs/rights.md describes every rule,
its readings and its figures). Where a source is vague or the file lacks a fact, each rule's
docstring says which reading it takes and why. Incomes:
the file records net monthly amounts and last year's gross taxable amount; rules that the
sources phrase in "taxable income" use the latter, those in "current income" use net x 12 (an
underestimate of gross, so such a flag is a lead for the worker, not a decision).
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from rights.rules.care import (
    groeipakket_zorgtoeslag,
    maximumfactuur,
    zorgbudget_ouderen,
    zorgbudget_zwaar_zorgbehoevenden,
)
from rights.rules.children import groeipakket_sociale_toeslag, schooltoeslag
from rights.rules.common import RECEIVES, SKIP_STATUSES, Rule, already_handled, euro
from rights.rules.education import inkomenstarief_kinderopvang, studietoelage_hoger_onderwijs
from rights.rules.health import verhoogde_tegemoetkoming
from rights.rules.housing import vlaamse_huurpremie
from rights.rules.income import aanvullende_financiele_hulp, igo, uitpas_kansentarief
from rights.rules.integration import dringende_medische_hulp, installatiepremie, leefloon
from rights.rules.utilities import sociaal_internettarief, sociaal_tarief_energie, stookoliefonds

# The name the first rules used for Belgian amounts.
_euro = euro

__all__ = [
    "DEFAULTS",
    "FIRST_FIGURES_FROM",
    "RECEIVES",
    "RULES",
    "SKIP_STATUSES",
    "Rule",
    "Seed",
    "already_handled",
    "current_defaults",
    "euro",
]

# --- the registry -------------------------------------------------------------------------

RULES: dict[str, Rule] = {
    "verhoogde_tegemoetkoming": verhoogde_tegemoetkoming,
    "sociaal_tarief_energie": sociaal_tarief_energie,
    "groeipakket_sociale_toeslag": groeipakket_sociale_toeslag,
    "schooltoeslag": schooltoeslag,
    "vlaamse_huurpremie": vlaamse_huurpremie,
    "stookoliefonds": stookoliefonds,
    "sociaal_internettarief": sociaal_internettarief,
    "uitpas_kansentarief": uitpas_kansentarief,
    "igo": igo,
    "aanvullende_financiele_hulp": aanvullende_financiele_hulp,
    # Added after the first ten (each with its shipped versions at the end of this module).
    "leefloon": leefloon,
    "installatiepremie": installatiepremie,
    "dringende_medische_hulp": dringende_medische_hulp,
    "maximumfactuur": maximumfactuur,
    "zorgbudget_ouderen": zorgbudget_ouderen,
    "zorgbudget_zwaar_zorgbehoevenden": zorgbudget_zwaar_zorgbehoevenden,
    "groeipakket_zorgtoeslag": groeipakket_zorgtoeslag,
    "studietoelage_hoger_onderwijs": studietoelage_hoger_onderwijs,
    "inkomenstarief_kinderopvang": inkomenstarief_kinderopvang,
}

# --- the thresholds shipped with the app ---------------------------------------------------


@dataclass(frozen=True)
class Seed:
    """A parameter version shipped with the app: its thresholds (amounts as strings) from a
    date, with where they come from. catalogue_sync adds it to a right once."""

    valid_from: dt.date
    values: Mapping[str, str]
    source: str


# The date of the first shipped versions: the figures of shared/domain/rights.md (2022-2024).
FIRST_FIGURES_FROM = dt.date(2024, 1, 1)

# The first figures per right, with their source.
# The rent premium's conditions and limits of 2022: the first figures, and the version with a
# yearly value built on them (_RENT_PREMIUM_2022).
_RENT_PREMIUM_LIMITS_2022: dict[str, str] = {
    "waiting_years": "4",
    "income_limit_single": "25850.00",
    "income_limit_single_disabled": "28015.00",
    "income_limit": "38773.00",
    "income_per_dependant": "2167.00",
    "disability_percent": "66",
    "rent_limit": "639.78",
    "rent_limit_room": "511.82",
    "rent_increase_per_dependant_percent": "20",
    "rent_increase_max_percent": "50",
}

_FIRST_FIGURES: dict[str, tuple[dict[str, str], str]] = {
    "verhoogde_tegemoetkoming": (
        {
            "leefloon_months": "3",
            "child_disability_percent": "66",
            "special_months": "3",
            "special_limit": "27011.00",
            "special_per_extra_member": "5000.48",
            "gross_limit": "25630.67",
            "gross_per_extra_member": "4744.94",
        },
        "statut-bim.be (2024)",
    ),
    "sociaal_tarief_energie": (
        {"adult_disability_percent": "65", "child_disability_percent": "66"},
        "hamme.be, tienen.be (gemeentelijke infopagina's, zonder jaartal)",
    ),
    "groeipakket_sociale_toeslag": (
        {
            "income_limit": "36325.76",
            "income_limit_middle_band": "42380.06",
            "income_limit_large_family": "68329.61",
            "large_family_children": "3",
            "new_amounts_born_from": "2019-01-01",
        },
        "fons.be, veelgestelde vragen (2024-2025)",
    ),
    "schooltoeslag": (
        {
            "school_age_from": "5",
            "school_age_to": "17",
            "disability_point_percent": "66",
            "limit_0_points": "26357.89",
            "limit_1_points": "37012.41",
            "limit_2_points": "45278.06",
            "limit_3_points": "51387.98",
            "limit_4_points": "58012.36",
            "limit_5_points": "66180.28",
            "limit_6_points": "71711.29",
            "limit_7_points": "74673.06",
            "limit_8_points": "77598.51",
            "limit_9_points": "80530.55",
            "limit_10_points": "83649.83",
        },
        "fons.be, schooltoeslag: financiële voorwaarde (zonder jaartal); punten: groeipakket.be",
    ),
    "vlaamse_huurpremie": (
        _RENT_PREMIUM_LIMITS_2022,
        "vlaanderen.be huurpremie (2024); bedragen zwevegem.be (2022)",
    ),
    "stookoliefonds": (
        {
            "income_limit": "20763.88",
            "income_per_dependant": "3843.96",
            "dependant_net_income_limit": "3410.00",
        },
        "socialsecurity.be; mi-is.be (2022)",
    ),
    "sociaal_internettarief": (
        {
            "elderly_age": "65",
            "housemate_age": "60",
            "disability_percent": "66",
            "income_limit": "25737.00",
            "income_per_extra_member": "4775.00",
            # Read by the rule since the law of 2024 (the groups of the social energy tariff).
            "adult_disability_percent": "65",
            "child_disability_percent": "66",
        },
        "okra.be, kortenberg.be (2024)",
    ),
    "uitpas_kansentarief": (
        {
            "income_limit": "25630.67",
            "income_per_dependant": "4744.94",
            "disability_percent": "66",
        },
        "uitinoostende.be (2023), gemeentepelt.be; inkomensgrens: VT-tabel statut-bim.be (2024)",
    ),
    "igo": (
        {
            "pension_age": "66",
            "amount_alone": "1519.01",
            "amount_cohabiting": "1012.67",
            "pension_counted_percent": "90",
            "work_income_counted_percent": "75",
            "work_income_exemption": "5000.00",
        },
        "wikifin.be (bedragen 2023); wettelijke pensioenleeftijd 66 vanaf 2025",
    ),
    "aanvullende_financiele_hulp": (
        {"calculation_max_age_months": "12"},
        "eigen beleid van het OCMW",
    ),
}

# The rent premium's thresholds with the limits of 2022 (the version of 2024-01-02, the first
# figures' with a yearly value); the next version changes only its income limits.
_RENT_PREMIUM_2022: dict[str, str] = {**_RENT_PREMIUM_LIMITS_2022, "yearly_value": "2133.12"}

# The versions shipped after the first figures, per right, oldest first: each holds every
# threshold its rule reads (a version replaces the whole set), its real valid-from date and
# its sources (docs/rights.md gives them with their addresses). A figure already in force on
# FIRST_FIGURES_FROM is shipped from the day after, so that catalogue_sync adds it to the
# databases that have the first version; its source text says so.
_NEWER_FIGURES: dict[str, tuple[Seed, ...]] = {
    "verhoogde_tegemoetkoming": (
        Seed(
            dt.date(2024, 5, 1),
            {
                "leefloon_months": "3",
                "child_disability_percent": "66",
                "special_months": "3",
                "special_limit": "27550.86",
                "special_per_extra_member": "5100.42",
                "gross_limit": "25630.67",
                "gross_per_extra_member": "4744.94",
                "yearly_value": "118.92",
            },
            "27.550,86 + 5.100,42: solidaris-brabant.be (zonder datum) = 27.011,00 + 2 %, "
            "indexsprong van mei 2024 (datum afgeleid); 25.630,67 + 4.744,94: statut-bim.be, "
            "aanvragen 2024 (2025-2026 niet gevonden). yearly_value: aanname, 12 x 9,91 minder "
            "remgeld (caami-hziv.fgov.be). Zie docs/rights.md.",
        ),
    ),
    "sociaal_tarief_energie": (
        Seed(
            dt.date(2024, 1, 2),
            {
                "adult_disability_percent": "65",
                "child_disability_percent": "66",
                "yearly_value": "240.00",
            },
            "Doelgroepen: economie.fgov.be (2024), handicap.belgium.be (30-05-2024); de VT geeft "
            "geen recht meer sinds 30-6-2023. Al van kracht op 1-1-2024, daarom vanaf 2-1-2024. "
            "yearly_value: ongeveer 20 per maand, kabinet energieminister (nieuwsblad.be "
            "18-02-2023). Zie docs/rights.md.",
        ),
    ),
    "groeipakket_sociale_toeslag": (
        Seed(
            dt.date(2024, 1, 2),
            {
                "income_limit": "36325.76",
                "income_limit_middle_band": "42380.06",
                "income_limit_large_family": "68329.61",
                "large_family_children": "3",
                "new_amounts_born_from": "2019-01-01",
                "yearly_value": "846.00",
            },
            "groeipakket.be, fons.be: grenzen vanaf 1-9-2023 (36.325,76; 1-2 kinderen 42.380,06; "
            "3+ kinderen met nieuwe bedragen 68.329,61), latere niet gevonden. Al van kracht op "
            "1-1-2024, daarom vanaf 2-1-2024. yearly_value: 70,50 x 12 voor een kind. Zie "
            "docs/rights.md.",
        ),
    ),
    "schooltoeslag": (
        Seed(
            dt.date(2024, 1, 2),
            {
                "school_age_from": "5",
                "school_age_to": "17",
                "disability_point_percent": "66",
                "limit_0_points": "26357.89",
                "limit_1_points": "37012.41",
                "limit_2_points": "45278.06",
                "limit_3_points": "51387.98",
                "limit_4_points": "58012.36",
                "limit_5_points": "66180.28",
                "limit_6_points": "71711.29",
                "limit_7_points": "74673.06",
                "limit_8_points": "77598.51",
                "limit_9_points": "80530.55",
                "limit_10_points": "83649.83",
                "yearly_value": "195.04",
            },
            "Grenzen: fons.be (zonder datum, recentste gevonden); punten, ook hoger onderwijs "
            "min een: myfamily.be. Vanaf 2-1-2024, de dag na de eerste versie. yearly_value: "
            "volledige schooltoeslag lager onderwijs 2022-2023, 195,04 (groeipakket.be). Zie "
            "docs/rights.md.",
        ),
    ),
    "vlaamse_huurpremie": (
        Seed(
            dt.date(2024, 1, 2),
            _RENT_PREMIUM_2022,
            "Grenzen van 2022, de recentste gevonden (zwevegem.be, cm.be); voorwaarden: "
            "vlaanderen.be. Al van kracht op 1-1-2024, daarom vanaf 2-1-2024. yearly_value: "
            "hoogste premie voor een alleenstaande, 177,76 x 12 (vlaanderen.be, 2024). Zie "
            "docs/rights.md.",
        ),
        Seed(
            dt.date(2024, 1, 3),
            # Only the income limits differ from 2022's.
            {
                **_RENT_PREMIUM_2022,
                "income_limit_single": "28105.00",
                "income_limit_single_disabled": "30460.00",
                "income_limit": "42156.00",
                "income_per_dependant": "2356.00",
            },
            "Grenzen kandidaat-huurder voor inschrijvingen in 2023 (svkzuiderkempen.be, "
            "iziwonen.be), de recentste volledige reeks; die van 2024 zijn hoger (wmelan.be, "
            "deels). Vanaf 3-1-2024 zodat ze na die van 2022 komen. Huurgrenzen en "
            "yearly_value: vlaanderen.be (2024). Zie docs/rights.md.",
        ),
    ),
    "stookoliefonds": (
        Seed(
            dt.date(2025, 2, 1),
            {
                "income_limit": "24814.75",
                "income_per_dependant": "4591.85",
                "dependant_net_income_limit": "3980.00",
                "yearly_value": "300.00",
            },
            "Grenzen vanaf 1-2-2025: cpasconnect.be; categorieën: verwarmingsfonds.be, "
            "fondschauffage.be, mi-is.be; latere stijging niet gevonden. yearly_value: hoogste "
            "toelage in bulk, 1.500 liter x 0,20 (verwarmingsfonds.be); aan de pomp 210. Zie "
            "docs/rights.md.",
        ),
    ),
    "sociaal_internettarief": (
        Seed(
            dt.date(2024, 3, 1),
            {
                "adult_disability_percent": "65",
                "child_disability_percent": "66",
                "yearly_value": "138.00",
            },
            "Sociaal internetaanbod, wet van 2024, vanaf 1-3-2024: de doelgroepen van het "
            "sociaal energietarief, zonder inkomensgrens (economie.fgov.be FAQ 2024). "
            "yearly_value: ondergrens, de oude korting van 11,50 x 12 (datanews.knack.be "
            "11-2022). Zie docs/rights.md.",
        ),
    ),
    "uitpas_kansentarief": (
        Seed(
            dt.date(2024, 1, 2),
            {
                "income_limit": "25630.67",
                "income_per_dependant": "4744.94",
                "disability_percent": "66",
                "yearly_value": "20.00",
            },
            "uitinoostende.be: inkomen 2023 (aanvragen 2024) 25.630,67 + 4.744,94 per persoon "
            "ten laste, met een handicap dubbel; voorwaarden lokaal. Al van kracht op 1-1-2024, "
            "daarom vanaf 2-1-2024. yearly_value: geen schatting maar een laag sorteergewicht. "
            "Zie docs/rights.md.",
        ),
    ),
    "igo": (
        Seed(
            dt.date(2025, 1, 1),
            {
                "pension_age": "66",
                "amount_alone": "1519.01",
                "amount_cohabiting": "1012.67",
                "pension_counted_percent": "90",
                "work_income_counted_percent": "75",
                "work_income_exemption": "5000.00",
                "yearly_value": "18228.12",
            },
            "Pensioenleeftijd 66 vanaf 2025 (sfpd.fgov.be); bedragen van 2023 (wikifin.be), de "
            "recentste bevestigde; pensioen 90 %, loon 75 % van het bruto min 5.000 per jaar "
            "(onprvp.fgov.be). yearly_value: hoogstens 1.519,01 x 12; de regel berekent zelf het "
            "verschil. Zie docs/rights.md.",
        ),
    ),
}

# Per right, the shipped versions, oldest first: the current figures are the last one's.
DEFAULTS: dict[str, tuple[Seed, ...]] = {
    code: (Seed(FIRST_FIGURES_FROM, values, source), *_NEWER_FIGURES.get(code, ()))
    for code, (values, source) in _FIRST_FIGURES.items()
}


def current_defaults(code: str) -> Mapping[str, str]:
    """The thresholds of the newest shipped version of a right."""
    return DEFAULTS[code][-1].values


# --- the rights added after the first ten: their shipped versions, oldest first -------------
# Each source says where the figure was found and its date; where no current figure was found,
# the latest found is shipped with its real date (see docs/rights.md).

DEFAULTS.update(
    {
        "leefloon": (
            Seed(
                dt.date(2024, 5, 1),
                {
                    "adult_age": "18",
                    "amount_cohabitant": "858.97",
                    "amount_single": "1288.46",
                    "amount_family": "1741.29",
                },
                "Leefloonbedragen vanaf 1-5-2024: centenvoorstudenten.be (bedrag leefloon, "
                "index 1 mei 2024), arendonk.be; leeftijd: arendonk.be, keerbergen.be",
            ),
            Seed(
                dt.date(2025, 2, 1),
                {
                    "adult_age": "18",
                    "amount_cohabitant": "876.13",
                    "amount_single": "1314.20",
                    "amount_family": "1776.07",
                },
                "Leefloonbedragen vanaf 1-2-2025: cpassivryrance.be (montant du RI au "
                "01/02/2025), bdas-wwsb.brussels (01/04/2025); bedragen 2026 niet gevonden",
            ),
        ),
        "installatiepremie": (
            Seed(
                dt.date(2024, 5, 1),
                {
                    "adult_age": "18",
                    "amount_cohabitant": "858.97",
                    "amount_single": "1288.46",
                    "amount_family": "1741.29",
                    "income_margin_percent": "10",
                },
                "Premie = 1/12 van het jaarbedrag leefloon gezinslast (oudsbergen.be, bilzen.be); "
                "inkomensgrens: leefloon van de eigen categorie + 10% (lille.be, dilbeek.be); "
                "leefloonbedragen vanaf 1-5-2024 (centenvoorstudenten.be)",
            ),
            Seed(
                dt.date(2025, 2, 1),
                {
                    "adult_age": "18",
                    "amount_cohabitant": "876.13",
                    "amount_single": "1314.20",
                    "amount_family": "1776.07",
                    "income_margin_percent": "10",
                },
                "Premie = leefloon gezinslast 1.776,07 (bdas-wwsb.brussels, prime d'installation, "
                "01/04/2025); inkomensgrens: eigen categorie + 10% (lille.be, dilbeek.be); "
                "bedragen 2026 niet gevonden",
            ),
        ),
        "dringende_medische_hulp": (
            Seed(
                dt.date(2024, 1, 1),
                {"yearly_value": "2670.00"},
                "Geen drempels (art. 57 §2 OCMW-wet, KB 12-12-1996; agii.be, socialsecurity.be). "
                "yearly_value afgeleid: gemiddeld 57.547.414 euro per jaar voor 21.553 "
                "personen in 2015-2017 (minister MI, Belga/hln.be 04-10-2018); recenter niet "
                "gevonden",
            ),
        ),
        "maximumfactuur": (
            Seed(
                dt.date(2024, 1, 1),
                {
                    "social_cap": "506.00",
                    "low_income_limit": "11120.00",
                    "low_income_cap": "250.00",
                },
                "Sociale MAF 506 euro (geïndexeerd, basis 450; De Morgen 11-2022); laagste schijf "
                "inkomens-MAF tot 11.120 euro netto -> 250 euro (RIZIV, types MAF; Plus Magazine "
                "03-2022); bedragen van 2024-2026 niet gevonden",
            ),
        ),
        "zorgbudget_ouderen": (
            Seed(
                dt.date(2024, 1, 1),
                {"min_age": "65", "min_points": "7", "yearly_value": "3600.00"},
                "65 jaar en 7 punten zelfredzaamheid: oz.be, wielsbeke.be (zonder datum), "
                "departementzorg.be (folder 01-06-2024). yearly_value 300 x 12: de helft kreeg "
                "300-400 euro per maand (Plus Magazine 10-2018); max. 606 euro per maand "
                "(oz.be, zonder datum); inkomensgrenzen niet gevonden",
            ),
        ),
        "zorgbudget_zwaar_zorgbehoevenden": (
            Seed(
                dt.date(2024, 1, 1),
                {"min_points": "15", "ask_disability_percent": "66", "amount_month": "140.00"},
                "140 euro per maand vanaf 1-1-2024 (Trefpunt STAN 05-12-2023; 130 tot 2022, 135 "
                "in 2023); 15 punten zelfredzaamheid: vlaamsezorgkas.be (zonder datum); bedrag "
                "2025-2026 niet bevestigd",
            ),
        ),
        "groeipakket_zorgtoeslag": (
            Seed(
                dt.date(2024, 1, 1),
                {"disability_percent": "66", "lowest_amount_month": "87.41"},
                "Laagste schijf (4 punten pijler 1, minder dan 6 punten) 87,41 euro per maand, "
                "september 2022 - augustus 2023 (groeipakket.be; infino.be); +2% elke september, "
                "latere bedragen niet gevonden. 66% = 4 punten pijler 1 (handsatwork.be, VT)",
            ),
        ),
        "studietoelage_hoger_onderwijs": (
            Seed(
                dt.date(2024, 1, 1),
                {
                    "disability_point_percent": "66",
                    "limit_0_points": "18220.63",
                    "limit_3_points": "40566.72",
                    "limit_10_points": "68012.59",
                    "minimum_grant": "281.36",
                },
                "Maximumgrenzen 0 en 10 punten: studietoelagen.be stap 4 (zonder datum); 3 punten: "
                "studietoelagen.be (inkomen 2020, academiejaar 2022-2023); andere rijen en "
                "2025-2026 niet gevonden. Minimum 281,36 (2022-2023, studietoelagen.be)",
            ),
        ),
        "inkomenstarief_kinderopvang": (
            Seed(
                dt.date(2024, 1, 1),
                {
                    "max_child_age": "3",
                    "calculation_max_age_months": "12",
                    "reduction_percent": "50",
                    "lowest_daily_tariff": "1.97",
                },
                "OCMW-tarief: 50% van het attest, min. basis 5 euro (londerzeel.be, reglement "
                "2016); laagste tarief 1,97 euro per dag in 2024 (dehaan.be); leefloontarief: "
                "roeselare.be, kindengezin.be; kinderopvang baby's en peuters tot 3 jaar "
                "(lezing); tarieven 2025 niet gevonden",
            ),
        ),
    }
)
