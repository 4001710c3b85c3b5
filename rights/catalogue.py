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
    # --- added after the first ten ---
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
