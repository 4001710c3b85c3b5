"""Catalogue texts for children and students beyond school age: the Flemish study grant for
higher education and the income-related fee for child care (rules: rights.rules.education)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        code="studietoelage_hoger_onderwijs",
        name_nl="Vlaamse studietoelage hoger onderwijs",
        name_en="Flemish study grant for higher education",
        gives_nl=(
            "Een jaarlijkse toelage voor een student in een erkende opleiding hoger onderwijs in "
            "Vlaanderen met een diplomacontract, als het inkomen van de leefeenheid onder de "
            "grens voor haar punten ligt: van het minimum (281,36 euro in 2022-2023) tot een "
            "volledige toelage, hoger voor een kotstudent."
        ),
        gives_en=(
            "A yearly grant for a student in a recognised higher-education programme in Flanders "
            "with a diploma contract, when the income of the household (leefeenheid) is under "
            "the limit for its points: from the minimum (281.36 euro in 2022-2023) to a full "
            "grant, higher for a student living away from home."
        ),
        how_to_apply_nl=(
            "Elk academiejaar online bij de afdeling Studietoelagen (studietoelagen.be, met "
            "eID). De sociale dienst van de hogeschool of universiteit, of het OCMW, helpt bij "
            "de aanvraag en kan een voorschot geven. Niet automatisch."
        ),
        how_to_apply_en=(
            "Every academic year online at the Study Grants department (studietoelagen.be, "
            "with eID). The social service of the university college or university, or the "
            "OCMW, helps with the application and can give an advance. Not automatic."
        ),
        documents_nl=(
            "Identiteitskaart (eID) van de student; aanslagbiljet van de ouders (inkomen van "
            "twee jaar eerder); bewijs van niet-belastbare inkomsten (leefloon, IVT/IT); bewijs "
            "van inschrijving met een diplomacontract."
        ),
        documents_en=(
            "The student's identity card (eID); the parents' tax assessment (income of two "
            "years before); proof of untaxed income (leefloon, IVT/IT); proof of enrolment with "
            "a diploma contract."
        ),
        automatic="no",
        order=180,
    ),
    CatalogueEntry(
        code="inkomenstarief_kinderopvang",
        name_nl="Verminderd inkomenstarief kinderopvang",
        name_en="Reduced income-related fee for child care",
        gives_nl=(
            "In kinderopvang voor baby's en peuters met inkomenstarief betalen ouders een "
            "dagprijs volgens hun inkomen. Een individueel verminderd tarief verlaagt die prijs "
            "verder: voor wie leefloon ontvangt, bij een sterk gedaald inkomen, voor een "
            "pleegkind, of het OCMW-tarief na een sociaal onderzoek (de helft van het tarief of "
            "minder, het laagste 1,97 euro per dag in 2024)."
        ),
        gives_en=(
            "In child care for babies and toddlers with an income tariff, parents pay a daily "
            "price by their income. An individual reduced tariff lowers it further: for people "
            "with leefloon, after a sharp fall of income, for a foster child, or the OCMW tariff "
            "after a social inquiry (half the tariff or less, the lowest 1.97 euro a day in "
            "2024)."
        ),
        how_to_apply_nl=(
            "De ouders vragen het attest inkomenstarief aan in Mijn Kind en Gezin (met eID of "
            "itsme) en duiden daar het leefloontarief aan met een bewijs. Het OCMW-tarief gaat "
            "via het OCMW, dat Kind en Gezin verwittigt; die maakt een nieuw attest. Niet "
            "automatisch."
        ),
        how_to_apply_en=(
            "The parents request the income-tariff attest in Mijn Kind en Gezin (with eID or "
            "itsme) and tick the leefloon tariff there with proof. The OCMW tariff goes through "
            "the OCMW, which informs Kind en Gezin; it issues a new attest. Not automatic."
        ),
        documents_nl=(
            "Attest inkomenstarief; attest van leefloon van het OCMW, of de beslissing van het "
            "OCMW over het verminderd tarief; de opvangovereenkomst met de dagprijs."
        ),
        documents_en=(
            "The income-tariff attest; the OCMW's leefloon certificate, or the OCMW's decision on "
            "the reduced tariff; the child-care agreement with the daily price."
        ),
        automatic="no",
        order=190,
    ),
)
