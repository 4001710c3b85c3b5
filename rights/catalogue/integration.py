"""Catalogue texts of the OCMW's own rights: the leefloon, the installation premium for people
leaving homelessness and urgent medical aid (rules: rights.rules.integration)."""

from rights.catalogue.entry import CatalogueEntry

ENTRIES: tuple[CatalogueEntry, ...] = (
    CatalogueEntry(
        code="leefloon",
        name_nl="Leefloon (recht op maatschappelijke integratie)",
        name_en="Leefloon (the right to social integration)",
        gives_nl=(
            "Een maandelijks minimuminkomen van het OCMW voor wie te weinig bestaansmiddelen "
            "heeft: het verschil tussen de inkomsten en het bedrag van de categorie "
            "(samenwonende, alleenstaande, persoon met een gezin ten laste). Het opent ook "
            "andere rechten, zoals de verhoogde tegemoetkoming en het sociaal tarief."
        ),
        gives_en=(
            "A monthly minimum income from the OCMW for people with too few resources: the "
            "difference between their income and the amount of their category (cohabitant, "
            "single, person with a family in their care). It also opens other rights, such as "
            "the increased reimbursement and the social tariff."
        ),
        how_to_apply_nl=(
            "Mondeling of schriftelijk bij het OCMW van de gemeente waar de cliënt werkelijk "
            "verblijft. De maatschappelijk assistent doet een sociaal onderzoek (inkomen, "
            "werkbereidheid, andere rechten eerst) en het bijzonder comité beslist binnen 30 "
            "dagen. Niet automatisch."
        ),
        how_to_apply_en=(
            "Orally or in writing at the OCMW of the municipality where the client actually "
            "lives. The social worker makes a social inquiry (income, willingness to work, "
            "other rights first) and the special committee decides within 30 days. Not "
            "automatic."
        ),
        documents_nl=(
            "Identiteitskaart; bewijzen van alle inkomsten van het gezin; rekeninguittreksels "
            "van de laatste maanden; huurcontract; bewijzen van de stappen naar andere "
            "uitkeringen (werkloosheid, ziekte, pensioen, onderhoudsgeld)."
        ),
        documents_en=(
            "Identity card; proof of every income of the household; bank statements of the "
            "last months; rental contract; proof of the steps taken towards other benefits "
            "(unemployment, sickness, pension, maintenance)."
        ),
        automatic="no",
        order=110,
    ),
    CatalogueEntry(
        code="installatiepremie",
        name_nl="Installatiepremie voor dak- en thuislozen",
        name_en="Installation premium for people leaving homelessness",
        gives_nl=(
            "Eenmalig een premie ter waarde van een maand leefloon voor een persoon met een "
            "gezin ten laste, om de woning in te richten en aan te sluiten (meubels, toestellen, "
            "aansluiting van gas en elektriciteit); niet voor de huurwaarborg of de huur."
        ),
        gives_en=(
            "Once, a premium worth one month of the leefloon of a person with a family in their "
            "care, to furnish and connect the home (furniture, appliances, gas and electricity "
            "connections); not for the rent deposit or the rent."
        ),
        how_to_apply_nl=(
            "Bij het OCMW van de gemeente waar de cliënt de woning betrekt, mondeling of "
            "schriftelijk. Het OCMW onderzoekt of de cliënt dakloos was en aan de "
            "inkomensvoorwaarde voldoet; het bijzonder comité beslist. Niet automatisch; "
            "eenmaal in een leven."
        ),
        how_to_apply_en=(
            "At the OCMW of the municipality where the client moves in, orally or in writing. "
            "The OCMW checks that the client was homeless and meets the income condition; the "
            "special committee decides. Not automatic; once in a lifetime."
        ),
        documents_nl=(
            "Identiteitskaart; huurcontract of bewijs dat de woning ter beschikking staat; "
            "bewijs van de inkomsten; rekeninguittreksels van de laatste drie maanden; bewijs "
            "van de dakloosheid (attest van een opvangtehuis, uitzettingsvonnis)."
        ),
        documents_en=(
            "Identity card; rental contract or proof that the home is at the client's disposal; "
            "proof of income; bank statements of the last three months; proof of homelessness "
            "(certificate of a shelter, eviction order)."
        ),
        automatic="no",
        order=120,
    ),
    CatalogueEntry(
        code="dringende_medische_hulp",
        name_nl="Dringende medische hulp (DMH)",
        name_en="Urgent medical aid (DMH)",
        gives_nl=(
            "Het OCMW betaalt de noodzakelijke medische zorg van wie zonder wettig verblijf in "
            "België is: preventief of curatief, ambulant of in het ziekenhuis, niet alleen "
            "spoedzorg. Het OCMW maakt een medische kaart aan in MediPrima (vaak geldig tot "
            "drie maanden)."
        ),
        gives_en=(
            "The OCMW pays the necessary medical care of people without legal residence in "
            "Belgium: preventive or curative, ambulatory or in hospital, not only emergency "
            "care. The OCMW creates a medical card in MediPrima (often valid up to three "
            "months)."
        ),
        how_to_apply_nl=(
            "Bij het OCMW van de gewone verblijfplaats (of, als die niet te bepalen is, van de "
            "plaats van de zorg), liefst vóór de zorg; een zorgverlener kan de aanvraag met "
            "toestemming van de cliënt doen. Het OCMW onderzoekt de behoeftigheid en beslist. "
            "Niet automatisch."
        ),
        how_to_apply_en=(
            "At the OCMW of the usual place of residence (or, if that cannot be determined, of "
            "the place of care), preferably before the care; a care provider can apply with the "
            "client's consent. The OCMW checks the state of need and decides. Not automatic."
        ),
        documents_nl=(
            "Identiteitsbewijs (paspoort of ander document); attest 'dringende medische hulp' "
            "van een door het RIZIV erkende zorgverlener; bewijzen van de financiële toestand."
        ),
        documents_en=(
            "Proof of identity (passport or another document); a certificate of urgent medical "
            "aid from a care provider recognised by the RIZIV; proof of the financial situation."
        ),
        automatic="no",
        order=130,
    ),
)
