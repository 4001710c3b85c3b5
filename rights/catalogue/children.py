"""Catalogue texts for families with children: the Groeipakket's social supplement and the
school allowance (rules: rights.rules.children)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
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
)
