"""The rights catalogue as data: for each right with a rule, its names, what it gives, where and
how to apply and the documents needed, in Dutch and English (clients and partners read them).

`catalogue_sync()` puts it in the database after every `migrate` (see rights.apps): it creates
the rights that are missing, and adds the parameter versions shipped in rules.DEFAULTS that are
newer than every version a right has (so a release brings the newly indexed figures, and no
version is ever slipped under one that exists). It never changes what is there: texts and
thresholds belong to the administrators once the rows exist.
"""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps as global_apps
from django.apps.registry import Apps
from django.db import DEFAULT_DB_ALIAS

from rights.rules import DEFAULTS


@dataclass(frozen=True)
class CatalogueEntry:
    code: str
    name_nl: str
    name_en: str
    gives_nl: str
    gives_en: str
    how_to_apply_nl: str
    how_to_apply_en: str
    documents_nl: str
    documents_en: str
    automatic: str  # Right.Automatic: "yes", "partly" or "no"
    order: int


CATALOGUE: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        code="verhoogde_tegemoetkoming",
        name_nl="Verhoogde tegemoetkoming (VT)",
        name_en="Increased reimbursement of health care (VT)",
        gives_nl=(
            "Een hogere terugbetaling van doktersbezoeken, geneesmiddelen en ziekenhuisopnames, "
            "minder remgeld en de sociale maximumfactuur. Opent ook andere voordelen, zoals het "
            "UiTPAS-kansentarief en kortingen op het openbaar vervoer."
        ),
        gives_en=(
            "Higher reimbursement of doctor's visits, medicines and hospital stays, lower "
            "personal contributions and the social maximum bill. Also opens other advantages, "
            "such as the UiTPAS reduced rate and public transport discounts."
        ),
        how_to_apply_nl=(
            "Bij het ziekenfonds van de cliënt. Wie drie maanden leefloon, een IGO of een "
            "IVT/IT ontvangt, krijgt de VT meestal automatisch; wie alleen woont en minstens "
            "drie maanden werkloos of arbeidsongeschikt is, krijgt ze sinds 1 oktober 2024 "
            "meestal ambtshalve. Vraag ze anders aan met een verklaring op erewoord. Het "
            "ziekenfonds onderzoekt het inkomen van de cliënt, de partner en de personen ten "
            "laste."
        ),
        how_to_apply_en=(
            "At the client's health fund (ziekenfonds). People with leefloon for three months, "
            "IGO or IVT/IT usually get it automatically; people who live alone and have been "
            "unemployed or unfit for work for at least three months usually get it ex officio "
            "since 1 October 2024. Otherwise apply with a sworn statement. The health fund "
            "checks the income of the client, the partner and the dependants."
        ),
        documents_nl=(
            "Verklaring op erewoord (formulier van het ziekenfonds); bewijzen van de inkomsten "
            "van het gezin (loonfiches, attesten van uitkeringen, aanslagbiljet); attest van "
            "leefloon van het OCMW waar van toepassing."
        ),
        documents_en=(
            "Sworn statement (health fund form); proof of the household's income (pay slips, "
            "benefit certificates, tax assessment); the OCMW's leefloon certificate where "
            "relevant."
        ),
        automatic="partly",
        order=10,
    ),
    CatalogueEntry(
        code="sociaal_tarief_energie",
        name_nl="Sociaal tarief voor energie",
        name_en="Social energy tariff",
        gives_nl=(
            "Het laagste tarief voor elektriciteit en aardgas, bij elke leverancier hetzelfde. "
            "Huurders van een sociale woning met collectieve gasverwarming krijgen het sociaal "
            "tarief voor gas via de verhuurder."
        ),
        gives_en=(
            "The lowest price for electricity and natural gas, the same with every supplier. "
            "Tenants of a social home with collective gas heating get the social tariff for gas "
            "through the landlord."
        ),
        how_to_apply_nl=(
            "Meestal automatisch: de FOD Economie geeft het recht door aan de "
            "energieleverancier. Gebeurt dat niet, bezorg dan een attest (van het OCMW, de FOD "
            "Sociale Zekerheid of de Federale Pensioendienst) aan de energieleverancier. Bij "
            "collectieve verwarming: bij de sociale huisvestingsmaatschappij."
        ),
        how_to_apply_en=(
            "Mostly automatic: the FPS Economy passes the right on to the energy supplier. If "
            "that does not happen, give the supplier a certificate (from the OCMW, the FPS "
            "Social Security or the Federal Pension Service). With collective heating: at the "
            "social housing company."
        ),
        documents_nl=(
            "Attest van het recht (leefloon, IGO, IVT/IT of erkende handicap); recente factuur "
            "van de energieleverancier met klantnummer en EAN-code."
        ),
        documents_en=(
            "Certificate of the right (leefloon, IGO, IVT/IT or recognised disability); a "
            "recent bill of the energy supplier with customer number and EAN code."
        ),
        automatic="partly",
        order=20,
    ),
    CatalogueEntry(
        code="groeipakket_sociale_toeslag",
        name_nl="Sociale toeslag in het Groeipakket",
        name_en="Social supplement to the Groeipakket (child benefit)",
        gives_nl=(
            "Een maandelijks bedrag per kind bovenop het basisbedrag van het Groeipakket, voor "
            "gezinnen met een laag inkomen."
        ),
        gives_en=(
            "A monthly amount per child on top of the Groeipakket's basic amount, for families "
            "with a low income."
        ),
        how_to_apply_nl=(
            "Automatisch op basis van de fiscale gegevens, door de uitbetaler van het "
            "Groeipakket (FONS, Infino, KidsLife, MyFamily of Parentia). Is het inkomen "
            "onlangs gedaald, of ontvangt een ouder leefloon, IVT/IT of IGO, vraag de "
            "uitbetaler dan om het recht te onderzoeken."
        ),
        how_to_apply_en=(
            "Automatic from the tax data, by the Groeipakket payer (FONS, Infino, KidsLife, "
            "MyFamily or Parentia). When the income fell recently, or a parent receives "
            "leefloon, IVT/IT or IGO, ask the payer to examine the right."
        ),
        documents_nl=(
            "Bewijs van het huidige inkomen van de ouders (attest van leefloon of uitkering, "
            "loonfiches); samenstelling van het gezin."
        ),
        documents_en=(
            "Proof of the parents' current income (leefloon or benefit certificate, pay "
            "slips); household composition."
        ),
        automatic="yes",
        order=30,
    ),
    CatalogueEntry(
        code="schooltoeslag",
        name_nl="Schooltoeslag",
        name_en="School allowance",
        gives_nl=(
            "Een jaarlijks bedrag per kind in een erkende kleuterschool, lagere of secundaire "
            "school, uitbetaald tussen september en december."
        ),
        gives_en=(
            "A yearly amount per child at a recognised nursery, primary or secondary school, "
            "paid between September and December."
        ),
        how_to_apply_nl=(
            "Automatisch door de uitbetaler van het Groeipakket voor kinderen met een "
            "Groeipakket. Een aanvraag is nodig voor een kind dat niet in Vlaanderen woont, of "
            "als de uitbetaler het inkomen niet kent: online of met het aanvraagformulier bij "
            "de uitbetaler."
        ),
        how_to_apply_en=(
            "Automatic by the Groeipakket payer for children with a Groeipakket. An "
            "application is needed for a child who does not live in Flanders, or when the payer "
            "does not know the income: online or with the application form at the payer."
        ),
        documents_nl=(
            "Bewijs van inschrijving in de school (indien gevraagd); bewijs van het inkomen "
            "van de ouders (aanslagbiljet, attesten van leefloon of IVT/IT)."
        ),
        documents_en=(
            "Proof of enrolment at the school (if asked); proof of the parents' income (tax "
            "assessment, leefloon or IVT/IT certificates)."
        ),
        automatic="yes",
        order=40,
    ),
    CatalogueEntry(
        code="vlaamse_huurpremie",
        name_nl="Vlaamse huurpremie",
        name_en="Flemish rent premium",
        gives_nl=(
            "Een maandelijkse premie voor wie privé huurt en al lang op een sociale woning wacht."
        ),
        gives_en=(
            "A monthly premium for people who rent privately and have waited long for a social "
            "home."
        ),
        how_to_apply_nl=(
            "Wonen in Vlaanderen stuurt wie er waarschijnlijk recht op heeft meestal zelf een "
            "aanvraagformulier. Anders vraagt de huurder de premie aan bij Wonen in Vlaanderen, "
            "online of met het papieren formulier."
        ),
        how_to_apply_en=(
            "Wonen in Vlaanderen usually sends an application form to people who are probably "
            "entitled. Otherwise the tenant applies to Wonen in Vlaanderen, online or with the "
            "paper form."
        ),
        documents_nl=(
            "Geregistreerd huurcontract; bewijs van de huidige huurprijs; bewijs van "
            "inschrijving bij de sociale huisvestingsmaatschappij; aanslagbiljet."
        ),
        documents_en=(
            "Registered rental contract; proof of the current rent; proof of registration with "
            "the social housing company; tax assessment."
        ),
        automatic="partly",
        order=50,
    ),
    CatalogueEntry(
        code="stookoliefonds",
        name_nl="Verwarmingstoelage (Sociaal Verwarmingsfonds)",
        name_en="Heating allowance (Social Heating Fund)",
        gives_nl=(
            "Een tegemoetkoming per liter stookolie, lampenpetroleum of bulkpropaan, tot een "
            "maximum aantal liter per jaar."
        ),
        gives_en=(
            "An allowance per litre of heating oil, lamp paraffin or bulk propane, up to a "
            "maximum number of litres a year."
        ),
        how_to_apply_nl=(
            "Bij het OCMW van de gemeente waar de cliënt woont, binnen 60 dagen na de levering. "
            "Het OCMW onderzoekt de factuur en het inkomen."
        ),
        how_to_apply_en=(
            "At the OCMW of the municipality where the client lives, within 60 days of the "
            "delivery. The OCMW checks the invoice and the income."
        ),
        documents_nl=(
            "Leveringsfactuur (in een appartementsgebouw: attest van de eigenaar of beheerder "
            "met het aantal wooneenheden); identiteitskaart; bewijs van de inkomsten van het "
            "huishouden, van de VT of van de schuldbemiddeling."
        ),
        documents_en=(
            "Delivery invoice (in a block of flats: a certificate of the owner or manager with "
            "the number of dwellings); identity card; proof of the household's income, of the "
            "VT or of the debt mediation."
        ),
        automatic="no",
        order=60,
    ),
    CatalogueEntry(
        code="sociaal_internettarief",
        name_nl="Sociaal internettarief",
        name_en="Social internet tariff",
        gives_nl=(
            "Het sociaal internetaanbod (sinds 1 maart 2024): vast internet thuis voor hoogstens "
            "19 euro per maand, of een bundel met tv of telefoon voor hoogstens 40 euro."
        ),
        gives_en=(
            "The social internet offer (since 1 March 2024): fixed internet at home for at most "
            "19 euro a month, or a bundle with TV or telephone for at most 40 euro."
        ),
        how_to_apply_nl=(
            "Wie recht heeft, krijgt een brief; de cliënt gaat met de identiteitskaart naar een "
            "deelnemende operator (Proximus, Telenet, Orange of VOO), die het recht elektronisch "
            "nakijkt. Recht hebben gezinnen met een leefloon (of equivalent), een IVT, IT of "
            "andere tegemoetkoming van de FOD Sociale Zekerheid, een IGO, een zorgbudget voor "
            "ouderen, of een kind met een zorgtoeslag; de VT alleen geeft geen recht."
        ),
        how_to_apply_en=(
            "People who are entitled receive a letter; the client takes the identity card to a "
            "participating operator (Proximus, Telenet, Orange or VOO), which checks the right "
            "electronically. Entitled are households with leefloon (or equivalent aid), an IVT, "
            "IT or other allowance of the FPS Social Security, IGO, a care budget for the "
            "elderly, or a child with a care supplement; the VT alone gives no right."
        ),
        documents_nl=(
            "Identiteitskaart; de brief van de FOD Economie als de cliënt die kreeg; gegevens "
            "van het huidige abonnement."
        ),
        documents_en=(
            "Identity card; the FPS Economy's letter if the client received one; details of the "
            "current subscription."
        ),
        automatic="partly",
        order=70,
    ),
    CatalogueEntry(
        code="uitpas_kansentarief",
        name_nl="UiTPAS met kansentarief",
        name_en="UiTPAS with reduced rate",
        gives_nl=(
            "Een flinke korting op vrijetijdsactiviteiten: sport, cultuur, cursussen en "
            "uitstappen in de deelnemende gemeenten."
        ),
        gives_en=(
            "A large discount on leisure: sport, culture, courses and outings in the "
            "participating municipalities."
        ),
        how_to_apply_nl=(
            "Aan een UiTPAS-balie van de gemeente of bij het OCMW, alleen in gemeenten die aan "
            "UiTPAS deelnemen; de voorwaarden zijn lokaal. Het kansentarief geldt meestal een "
            "jaar en wordt soms automatisch verlengd."
        ),
        how_to_apply_en=(
            "At a UiTPAS desk of the municipality or at the OCMW, only in municipalities that "
            "take part in UiTPAS; the conditions are local. The reduced rate usually runs for a "
            "year and is sometimes renewed automatically."
        ),
        documents_nl=(
            "Identiteitskaart; bewijs van het recht (VT-attest van het ziekenfonds, attest van "
            "leefloon, van schuldbemiddeling of van budgetbeheer)."
        ),
        documents_en=(
            "Identity card; proof of the right (VT certificate of the health fund, certificate "
            "of leefloon, debt mediation or budget management)."
        ),
        automatic="partly",
        order=80,
    ),
    CatalogueEntry(
        code="igo",
        name_nl="Inkomensgarantie voor ouderen (IGO)",
        name_en="Income guarantee for the elderly (IGO)",
        gives_nl=(
            "Een maandelijkse uitkering die het inkomen van ouderen aanvult tot een "
            "gewaarborgd minimum."
        ),
        gives_en="A monthly allowance that tops up older people's income to a guaranteed minimum.",
        how_to_apply_nl=(
            "Bij de Federale Pensioendienst: online via mypension.be, op een Pensioenpunt of "
            "via het OCMW. Bij de aanvraag van het pensioen wordt de IGO automatisch "
            "onderzocht; wie al met pensioen is, vraagt ze zelf aan."
        ),
        how_to_apply_en=(
            "At the Federal Pension Service: online at mypension.be, at a Pension Point or "
            "through the OCMW. It is checked automatically when the pension is applied for; "
            "people already retired apply themselves."
        ),
        documents_nl=(
            "Identiteitskaart; gegevens over alle inkomsten en bezittingen van de cliënt en de "
            "partner (pensioenen, spaargeld, eigendommen)."
        ),
        documents_en=(
            "Identity card; details of all income and assets of the client and the partner "
            "(pensions, savings, property)."
        ),
        automatic="partly",
        order=90,
    ),
    CatalogueEntry(
        code="aanvullende_financiele_hulp",
        name_nl="Aanvullende financiële hulp (OCMW)",
        name_en="Supplementary financial aid (OCMW)",
        gives_nl=(
            "Een maandelijkse aanvulling van het gezinsinkomen tot het referentiebudget, "
            "beslist door het OCMW."
        ),
        gives_en=(
            "A monthly top-up of the household's income to the reference budget, decided by "
            "the OCMW."
        ),
        how_to_apply_nl=(
            "Bij de eigen maatschappelijk assistent: een voorstel op basis van de berekening "
            "met het referentiebudget, dat de teamverantwoordelijke beslist."
        ),
        how_to_apply_en=(
            "With the client's own social worker: a proposal based on the reference-budget "
            "calculation, decided by the team lead."
        ),
        documents_nl=(
            "Bewijzen van inkomsten en vaste kosten (huur, energie, schulden); de recentste "
            "berekening."
        ),
        documents_en=(
            "Proof of income and fixed costs (rent, energy, debts); the latest calculation."
        ),
        automatic="no",
        order=100,
    ),
)

TEXT_FIELDS = (
    "name_nl",
    "name_en",
    "gives_nl",
    "gives_en",
    "how_to_apply_nl",
    "how_to_apply_en",
    "documents_nl",
    "documents_en",
    "automatic",
    "order",
)


def catalogue_sync(*, using: str = DEFAULT_DB_ALIAS, apps: Apps = global_apps) -> tuple[int, int]:
    """Create the missing rights, and the shipped parameter versions newer than a right's newest.

    Idempotent and additive: an existing right keeps its texts, and every existing parameter
    version stays as it is. `apps` is the registry of the migration state when called after
    `migrate` (rights.apps); without the rights tables in it, nothing happens. Returns the
    number of rights and of parameter versions created.
    """
    try:
        right_model = apps.get_model("rights", "Right")
        parameters_model = apps.get_model("rights", "RightParameters")
    except LookupError:  # migrated back to before the rights tables
        return 0, 0
    existing = set(right_model._default_manager.using(using).values_list("code", flat=True))
    new_rights = [
        right_model(code=entry.code, **{name: getattr(entry, name) for name in TEXT_FIELDS})
        for entry in CATALOGUE
        if entry.code not in existing
    ]
    # ignore_conflicts: two processes migrating at once must not fail on the unique code.
    right_model._default_manager.using(using).bulk_create(new_rights, ignore_conflicts=True)

    # The newest version each right has; a shipped version is added only after it.
    newest: dict[int, dt.date] = {}
    for right_id, valid_from in parameters_model._default_manager.using(using).values_list(
        "right_id", "valid_from"
    ):
        newest[right_id] = max(valid_from, newest.get(right_id, valid_from))
    rights = right_model._default_manager.using(using).filter(code__in=DEFAULTS)
    new_parameters = [
        parameters_model(
            right_id=right.pk,
            valid_from=seed.valid_from,
            values=dict(seed.values),
            source=seed.source,
            created_by=None,
        )
        for right in rights
        for seed in DEFAULTS[right.code]
        if right.pk not in newest or seed.valid_from > newest[right.pk]
    ]
    parameters_model._default_manager.using(using).bulk_create(
        new_parameters, ignore_conflicts=True
    )
    return len(new_rights), len(new_parameters)
