"""Catalogue text of housing: the Flemish rent premium (rule: rights.rules.housing)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
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
)
