"""Catalogue texts of care and its costs: the maximum bill for health costs (MAF), the Flemish
care budgets for older people and for people with a high need of care, and the Groeipakket's
care supplement for a child with a disability (rules: rights.rules.care)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        code="maximumfactuur",
        name_nl="Maximumfactuur (MAF)",
        name_en="Maximum bill for health costs (MAF)",
        gives_nl=(
            "Een plafond op het remgeld dat een gezin per jaar betaalt voor zorg uit de "
            "verplichte ziekteverzekering: daarboven betaalt het ziekenfonds het terug. Met de "
            "verhoogde tegemoetkoming geldt de sociale MAF (een vast, laag plafond); anders "
            "hangt het plafond af van het netto belastbaar gezinsinkomen, het laagste voor de "
            "laagste inkomens."
        ),
        gives_en=(
            "A cap on the co-payments a household pays a year for care covered by the "
            "compulsory health insurance: above it the health fund refunds them. With the "
            "increased reimbursement the social MAF applies (a fixed, low cap); otherwise the "
            "cap depends on the household's net taxable income, the lowest for the lowest "
            "incomes."
        ),
        how_to_apply_nl=(
            "Automatisch via het ziekenfonds, dat de kosten bijhoudt en maandelijks terugbetaalt "
            "zodra het plafond bereikt is. Is het inkomen sterk gedaald (langdurige werkloosheid "
            "of arbeidsongeschiktheid), vraag het ziekenfonds dan het recht te onderzoeken op "
            "het huidige inkomen."
        ),
        how_to_apply_en=(
            "Automatic through the health fund, which keeps track of the costs and refunds "
            "monthly once the cap is reached. When the income fell sharply (long unemployment or "
            "incapacity for work), ask the health fund to examine the right on the current "
            "income."
        ),
        documents_nl=(
            "Geen voor de automatische MAF; voor een onderzoek op het huidige inkomen: bewijzen "
            "van de inkomsten van het gezin (attesten van uitkeringen, loonfiches)."
        ),
        documents_en=(
            "None for the automatic MAF; for an examination on the current income: proof of the "
            "household's income (benefit certificates, pay slips)."
        ),
        automatic="yes",
        order=140,
    ),
    CatalogueEntry(
        code="zorgbudget_ouderen",
        name_nl="Zorgbudget voor ouderen met een zorgnood",
        name_en="Care budget for older people with a need of care",
        gives_nl=(
            "Een maandelijks bedrag van de Vlaamse sociale bescherming voor wie 65 of ouder is "
            "en minder zelfredzaam: het bedrag hangt af van de zorgcategorie en het inkomen "
            "(tot 606 euro per maand). Het opent ook het sociaal tarief voor energie."
        ),
        gives_en=(
            "A monthly amount from the Flemish social protection for people of 65 or older with "
            "a reduced self-reliance: the amount depends on the care category and the income "
            "(up to 606 euro a month). It also opens the social energy tariff."
        ),
        how_to_apply_nl=(
            "Online via het e-loket van de Vlaamse sociale bescherming (met eID), of met hulp "
            "van de zorgkas, het ziekenfonds, de gemeente of het OCMW, ten vroegste op de 65ste "
            "verjaardag. Artsen van de DG Personen met een handicap beoordelen de "
            "zelfredzaamheid. Niet automatisch."
        ),
        how_to_apply_en=(
            "Online through the e-desk of the Flemish social protection (with eID), or with the "
            "help of the care fund, the health fund, the municipality or the OCMW, at the "
            "earliest on the 65th birthday. Doctors of the DG Persons with a disability assess "
            "the self-reliance. Not automatic."
        ),
        documents_nl=(
            "Rijksregisternummer; rekeningnummer; gegevens van de huisarts; gegevens over "
            "eigendommen, verkopen en schenkingen van de laatste 10 jaar en over spaargeld."
        ),
        documents_en=(
            "National number; bank account; the GP's details; details of property, sales and "
            "donations of the last 10 years and of savings."
        ),
        automatic="no",
        order=150,
    ),
    CatalogueEntry(
        code="zorgbudget_zwaar_zorgbehoevenden",
        name_nl="Zorgbudget voor zwaar zorgbehoevenden",
        name_en="Care budget for people with a high need of care",
        gives_nl=(
            "Een vast maandelijks bedrag van de Vlaamse sociale bescherming (140 euro vanaf "
            "2024) voor wie langdurig zwaar zorgbehoevend is, op elke leeftijd, thuis of in een "
            "woonzorgcentrum."
        ),
        gives_en=(
            "A fixed monthly amount from the Flemish social protection (140 euro from 2024) for "
            "people with a long-term high need of care, at any age, at home or in a care home."
        ),
        how_to_apply_nl=(
            "Automatisch voor bewoners van een Vlaams woonzorgcentrum en voor wie een erkend "
            "attest heeft (zelfredzaamheid van minstens 15 punten, BelRAI-screener van minstens "
            "13 via een dienst voor thuiszorg, 18 punten op de schaal van de zorgtoeslag). "
            "Anders een aanvraag bij de zorgkas met het formulier en een attest."
        ),
        how_to_apply_en=(
            "Automatic for residents of a Flemish care home and for people with a recognised "
            "attest (self-reliance of at least 15 points, a BelRAI screener of at least 13 "
            "through a home-care service, 18 points on the care supplement's scale). Otherwise "
            "an application to the care fund with the form and an attest."
        ),
        documents_nl=(
            "Aanvraagformulier van de zorgkas; een attest van de zorgnood (beslissing van de DG "
            "Personen met een handicap, BelRAI-screener, attest van de zorgtoeslag)."
        ),
        documents_en=(
            "The care fund's application form; an attest of the need of care (decision of the "
            "DG Persons with a disability, BelRAI screener, attest of the care supplement)."
        ),
        automatic="partly",
        order=160,
    ),
    CatalogueEntry(
        code="groeipakket_zorgtoeslag",
        name_nl="Zorgtoeslag in het Groeipakket (specifieke ondersteuningsbehoefte)",
        name_en="Care supplement to the Groeipakket (specific support need)",
        gives_nl=(
            "Een maandelijkse toeslag per kind met een aandoening of handicap die extra "
            "ondersteuning vraagt, bovenop het Groeipakket, zonder inkomensvoorwaarde. Het "
            "bedrag hangt af van de punten op de medisch-sociale schaal (van ongeveer 87 tot 583 "
            "euro per maand in 2022-2023). De punten openen ook andere rechten (verhoogde "
            "tegemoetkoming, sociaal tarief, zorgbudgetten)."
        ),
        gives_en=(
            "A monthly supplement per child with a condition or disability that needs extra "
            "support, on top of the Groeipakket, without an income condition. The amount "
            "depends on the points on the medical-social scale (from about 87 to 583 euro a "
            "month in 2022-2023). The points also open other rights (increased reimbursement, "
            "social tariff, care budgets)."
        ),
        how_to_apply_nl=(
            "Bij de uitbetaler van het Groeipakket (FONS, Infino, KidsLife, MyFamily of "
            "Parentia), die de formulieren stuurt. Opgroeien laat het kind evalueren, soms door "
            "een arts; daarna betaalt de uitbetaler, ook met terugwerkende kracht. Niet "
            "automatisch."
        ),
        how_to_apply_en=(
            "At the Groeipakket payer (FONS, Infino, KidsLife, MyFamily or Parentia), which "
            "sends the forms. Opgroeien has the child evaluated, sometimes by a doctor; then the "
            "payer pays, also retroactively. Not automatic."
        ),
        documents_nl=(
            "De formulieren van de uitbetaler, met het medisch deel ingevuld door de "
            "behandelende arts; medische verslagen over de aandoening van het kind."
        ),
        documents_en=(
            "The payer's forms, with the medical part filled in by the treating doctor; medical "
            "reports on the child's condition."
        ),
        automatic="no",
        order=170,
    ),
)
