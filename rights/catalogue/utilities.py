"""Catalogue texts of energy, heating and internet: the social energy tariff, the heating
allowance (stookoliefonds) and the social internet tariff (rules: rights.rules.utilities)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
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
)
