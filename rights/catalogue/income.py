"""Catalogue texts of income: the UiTPAS reduced rate, the income guarantee for the elderly
(IGO) and this OCMW's supplementary aid (rules: rights.rules.income)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
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
