"""Catalogue text of health care: the increased reimbursement (verhoogde tegemoetkoming;
rule: rights.rules.health)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
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
)
