"""What demo client files are drawn from: amounts, streets, names, creditors and texts.

Amounts are demo values unless a comment names a source. Texts are in Dutch, as social workers
write them.
"""

import random
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import accumulate
from typing import Generic, TypeVar

from clients.models import Client, Income, JournalEntry, Trajectory

T = TypeVar("T")


class Weighted(Generic[T]):
    """A fixed set of options with weights, drawn from quickly (cumulative weights kept)."""

    def __init__(self, *options: tuple[T, int]) -> None:
        self.values = [value for value, _weight in options]
        self.cum_weights = list(accumulate(weight for _value, weight in options))
        self.total = self.cum_weights[-1]

    def pick(self, rng: random.Random) -> T:
        # What rng.choices does, without its per-call set-up: one draw, one bisect.
        return self.values[bisect(self.cum_weights, rng.random() * self.total)]


def words(text: str, sep: str | None = None) -> list[str]:
    return text.split(sep)


# Leefloon per month from 1-2-2025 (mi-is.be; domain/reference-budgets.md).
LEEFLOON = {
    Income.LeefloonCategory.COHABITANT: Decimal("876.13"),
    Income.LeefloonCategory.SINGLE: Decimal("1314.20"),
    Income.LeefloonCategory.FAMILY: Decimal("1776.07"),
}
# IGO, the income guarantee for the elderly: 2023 amounts (wikifin.be), for demo incomes only.
IGO_ALONE = Decimal("1519.01")
IGO_COHABITING = Decimal("1012.67")
IGO_AGE = 65  # the legal pension age before 2025 (66 from 2025): a demo IGO starts after it

# (postcode, municipality, street, first and last house number). Each street is routed with
# team_for_address before use, so a client's team is the one its address gives.
STREETS: list[tuple[str, str, str, int, int]] = [
    ("8500", "Kortrijk", "Budastraat", 1, 60),
    ("8500", "Kortrijk", "Overleiestraat", 1, 180),
    ("8500", "Kortrijk", "Leiestraat", 1, 60),
    ("8500", "Kortrijk", "Lange Steenstraat", 1, 70),
    ("8500", "Kortrijk", "Rijselsestraat", 1, 120),
    ("8500", "Kortrijk", "Zwevegemsestraat", 1, 150),
    ("8500", "Kortrijk", "Groeningestraat", 1, 40),
    ("8500", "Kortrijk", "Veemarkt", 1, 60),
    ("8500", "Kortrijk", "Doorniksewijk", 1, 120),
    ("8500", "Kortrijk", "Gentsesteenweg", 1, 200),
    ("8500", "Kortrijk", "Magdalenastraat", 1, 80),
    ("8500", "Kortrijk", "Doorniksesteenweg", 1, 99),
    ("8500", "Kortrijk", "Lange Munte", 1, 200),
    ("8500", "Kortrijk", "Brugsesteenweg", 1, 300),
    ("8500", "Kortrijk", "Sint-Jansplein", 1, 20),
    ("8500", "Kortrijk", "Noordstraat", 1, 90),
    ("8500", "Kortrijk", "Meensesteenweg", 1, 400),
    ("8500", "Kortrijk", "Pottelberg", 1, 150),
    ("8500", "Kortrijk", "Sint-Elisabethlaan", 1, 80),
    ("8500", "Kortrijk", "Kortrijkstraat", 1, 120),
    ("8500", "Kortrijk", "Doorniksesteenweg", 100, 300),
    ("8501", "Heule", "Heulsekasteelstraat", 1, 60),
    ("8501", "Heule", "Peperstraat", 1, 90),
    ("8501", "Heule", "Kortrijksestraat", 1, 250),
    ("8501", "Heule", "Gullegemsestraat", 1, 150),
    ("8501", "Heule", "Lendeledestraat", 1, 200),
    ("8501", "Heule", "Vlasstraat", 1, 80),
    ("8501", "Bissegem", "Bissegemplaats", 1, 40),
    ("8501", "Bissegem", "Driekerkenstraat", 1, 120),
    ("8501", "Bissegem", "Vaartstraat", 1, 90),
    ("8501", "Bissegem", "Kapel ter Bede", 1, 150),
    ("8501", "Bissegem", "Pluimstraat", 1, 60),
    ("8510", "Marke", "Marktplein", 1, 30),
    ("8510", "Marke", "Rekkemstraat", 1, 220),
    ("8510", "Marke", "Hellestraat", 1, 120),
    ("8510", "Marke", "Marionettenlaan", 1, 90),
    ("8510", "Marke", "Vlaanderenstraat", 1, 100),
    ("8510", "Bellegem", "Kerkomtrek", 1, 30),
    ("8510", "Bellegem", "Bellegemplaats", 1, 40),
    ("8510", "Bellegem", "Doornikserijksweg", 1, 200),
    ("8510", "Rollegem", "Rollegemplaats", 1, 30),
    ("8510", "Rollegem", "Tombroekstraat", 1, 100),
    ("8511", "Aalbeke", "Aalbekeplaats", 1, 40),
    ("8511", "Aalbeke", "Moeskroenstraat", 1, 150),
]
# Share of the clients per team; a team not named here weighs 10.
TEAM_WEIGHTS = {
    "Centrum": 22,
    "Noord": 17,
    "Zuid": 17,
    "Heule": 14,
    "Bissegem": 9,
    "Marke": 9,
    "Zuidelijke Rand": 12,
}
RURAL_TEAMS = {"Marke", "Zuidelijke Rand"}  # more owners and more heating oil
MOBILE_PREFIXES = words("70 71 72 73 75 76 77 78 79 84 85 86 87 88 89 91 92 93 94 95 96 97 98 99")
HOUSE_SUFFIXES = ("A", "B", " bus 1", " bus 2", " bus 3", " bus 11")


@dataclass(frozen=True)
class Origin:
    """A name group with its preferred languages and residence statuses."""

    last: Sequence[str]
    female: Sequence[str]
    male: Sequence[str]
    languages: Weighted[str]
    statuses: Weighted[str]


_R = Client.ResidenceStatus
_L = Client.Language
FLEMISH = Origin(
    last=words(
        "Vandenberghe Declercq Desmet Maes Claeys Vermeulen Goethals Verhaeghe Dewitte Lambrecht "
        "Vanhoutte Devos Callewaert Vercruysse Deconinck Vandamme Deprez Vanneste Decock Mortier "
        "Verschuere Debels Vandewalle Coussens Depoorter Dumortier Vanhee Vandeputte Dewulf "
        "Demeulemeester Vancoillie Seynaeve Bossuyt Dejonghe Dhondt Vanlerberghe Verstraete "
        "Vanwynsberghe Degryse Delbaere Vandekerckhove Bekaert Vanassche Deleu Vroman Desplenter "
        "Vanmeenen Lagae Pattyn Cnockaert"
    ),
    female=words(
        "An Annelies Bieke Charlotte Chantal Elke Els Emma Evelien Fien Greet Hanne Ilse Ine "
        "Jana Julie Katrien Kim Laura Leen Lien Lore Lotte Marie Marleen Nathalie Nele Nicole "
        "Sandra Sarah Sofie Stefanie Tine Valerie Veerle Yentl Shana Kelly Jolien"
    ),
    male=words(
        "Arne Bart Bert Bram Dirk Eddy Filip Frank Geert Gert Glenn Hans Jan Jens Johan Jonas "
        "Kevin Koen Kurt Lars Luc Marc Mathias Nico Patrick Peter Pieter Rudy Seppe Steven Stijn "
        "Thomas Tim Tom Wim Wout Yves Dylan Kenny"
    ),
    languages=Weighted((_L.DUTCH, 1)),
    statuses=Weighted((_R.BELGIAN, 1)),
)
# Flemish people born before 1960 carry the names of their generation.
FLEMISH_OLD_FEMALE = words(
    "Maria Godelieve Agnes Christiane Rosa Jeannine Monique Simonne Denise Lutgarde Paula Rita "
    "Yvonne Georgette"
)
FLEMISH_OLD_MALE = words(
    "Roger Willy André Gilbert Marcel Norbert Etienne Gaston Julien Noël Antoon Urbain Omer Lucien"
)
WALLOON = Origin(
    last=words("Dupont Lefebvre Dubois Lambert Leroy Delvaux Lejeune Dumont Mercier"),
    female=words("Nathalie Isabelle Sophie Céline Aurélie Valérie Chloé Camille"),
    male=words("Jean-Marc Olivier Sébastien Michel Philippe Thierry Didier Julien"),
    languages=Weighted((_L.FRENCH, 8), (_L.DUTCH, 2)),
    statuses=Weighted((_R.BELGIAN, 8), (_R.EU, 2)),
)
MOROCCAN = Origin(
    last=words(
        "El Amrani|Benali|Bouzid|El Idrissi|Azzouzi|Ouali|Tahiri|Chakir|El Khattabi|Bakkali|"
        "Boukhari|Haddouchi|Zerrouki|Ait Ali",
        "|",
    ),
    female=words("Fatima Khadija Nadia Samira Amina Salma Yasmina Naima Hanane Imane Soukaina"),
    male=words("Mohamed Ahmed Youssef Karim Rachid Hamid Mustafa Khalid Said Bilal Ayoub Adil"),
    languages=Weighted((_L.DUTCH, 45), (_L.ARABIC, 40), (_L.FRENCH, 15)),
    statuses=Weighted(
        (_R.BELGIAN, 60), (_R.PERMANENT, 26), (_R.TEMPORARY, 12), (_R.UNDOCUMENTED, 2)
    ),
)
TURKISH = Origin(
    # Turkish spelling, with its dotless i.
    last=words("Yılmaz Kaya Demir Şahin Çelik Aydın Öztürk Arslan Doğan Yıldız Koç Kurt"),  # noqa: RUF001
    female=words("Ayşe Fatma Elif Zeynep Emine Hatice Merve Büşra Esra Sevgi"),
    male=words("Mehmet Mustafa Ahmet Ali Hüseyin Hasan İbrahim Murat Emre Burak"),
    languages=Weighted((_L.DUTCH, 5), (_L.TURKISH, 5)),
    statuses=Weighted((_R.BELGIAN, 60), (_R.PERMANENT, 35), (_R.TEMPORARY, 5)),
)
MIDDLE_EAST = Origin(
    last=words(
        "Al-Hassan Haddad Khalil Rahimi Ahmadi Hosseini Al-Khatib Mahmoud Saleh Nazari Karimi "
        "Haidari"
    ),
    female=words("Rania Layla Nour Hiba Maryam Zahra Farida Shirin Aisha Huda"),
    male=words("Omar Ali Hassan Ahmad Mahmoud Yusuf Khaled Samir Reza Jawad Farid Tariq"),
    languages=Weighted((_L.ARABIC, 55), (_L.OTHER, 30), (_L.ENGLISH, 10), (_L.DUTCH, 5)),
    statuses=Weighted(
        (_R.REFUGEE, 45),
        (_R.SUBSIDIARY, 20),
        (_R.PERMANENT, 12),
        (_R.BELGIAN, 10),
        (_R.APPLICANT, 8),
        (_R.TEMPORARY, 5),
    ),
)
EAST_EUROPEAN = Origin(
    last=words("Nowak Popescu Ionescu Dumitru Stoica Horváth Balog Kovács Lazar Rusu Marin Tudor"),
    female=words("Anna Ewa Katarzyna Maria Elena Ioana Andreea Mihaela Ivana Petra Monika"),
    male=words("Piotr Tomasz Krzysztof Andrei Ion Mihai Florin Gheorghe Stefan Milan Marek"),
    languages=Weighted((_L.OTHER, 60), (_L.ENGLISH, 25), (_L.DUTCH, 15)),
    statuses=Weighted((_R.EU, 85), (_R.PERMANENT, 10), (_R.BELGIAN, 5)),
)
AFRICAN = Origin(
    last=words(
        "Mbuyi Kalonji Tshibangu Ilunga Kabongo Mukendi Tesfaye Haile Gebremedhin Abdi Mohamed "
        "Diallo Bah Camara Okafor"
    ),
    female=words("Grace Esther Mireille Aster Selam Hodan Fatoumata Mariama Blessing Ruth"),
    male=words("Jean Emmanuel Joseph Dawit Yonas Abdullahi Mamadou Ibrahima Samuel Moses"),
    languages=Weighted((_L.FRENCH, 45), (_L.ENGLISH, 25), (_L.OTHER, 20), (_L.DUTCH, 10)),
    statuses=Weighted(
        (_R.REFUGEE, 30),
        (_R.BELGIAN, 25),
        (_R.PERMANENT, 20),
        (_R.SUBSIDIARY, 10),
        (_R.TEMPORARY, 7),
        (_R.APPLICANT, 5),
        (_R.UNDOCUMENTED, 3),
    ),
)
ORIGINS = Weighted(
    (FLEMISH, 58),
    (WALLOON, 4),
    (MOROCCAN, 10),
    (TURKISH, 6),
    (MIDDLE_EAST, 8),
    (EAST_EUROPEAN, 7),
    (AFRICAN, 7),
)
# The elderly clients of this city are mostly Flemish.
ELDERLY_ORIGINS = Weighted(
    (FLEMISH, 85), (WALLOON, 3), (MOROCCAN, 4), (TURKISH, 3), (MIDDLE_EAST, 2), (EAST_EUROPEAN, 2)
)
# No right to leefloon (only urgent medical aid).
NO_LEEFLOON = {_R.APPLICANT, _R.UNDOCUMENTED}

# Household kinds: weight, and the client's age range.
HOUSEHOLDS = Weighted(
    ("single", 30),
    ("single_parent", 18),
    ("couple_kids", 17),
    ("couple", 7),
    ("young", 5),
    ("elderly", 13),
    ("elderly_couple", 5),
    ("with_relative", 5),
)
AGES = {
    "single": (20, 64),
    "single_parent": (21, 52),
    "couple_kids": (24, 55),
    "couple": (25, 64),
    "young": (18, 24),
    "elderly": (66, 92),
    "elderly_couple": (66, 88),
    "with_relative": (30, 64),
}

# (creditor, lowest and highest original amount in euro)
CREDITORS = [
    ("Engie Electrabel", 200, 3500),
    ("Luminus", 200, 3000),
    ("TotalEnergies", 150, 2800),
    ("De Watergroep", 100, 1200),
    ("Proximus", 80, 900),
    ("Telenet", 80, 900),
    ("Orange Belgium", 60, 600),
    ("Verhuurder (huurachterstal)", 500, 4500),
    ("Wonen Regio Kortrijk (huurachterstal)", 300, 3000),
    ("AZ Groeninge", 100, 3000),
    ("Ziekenfonds (terugvordering)", 200, 2500),
    ("FOD Financiën", 100, 2500),
    ("Stad Kortrijk (belastingen)", 80, 900),
    ("Cofidis", 500, 12000),
    ("Buy Way", 400, 6000),
    ("Santander Consumer Finance", 800, 9000),
    ("Intrum (incasso)", 100, 2500),
    ("Fiducre (incasso)", 100, 2000),
    ("De Lijn (boete)", 75, 400),
    ("NMBS (boete)", 75, 300),
    ("RVA (terugvordering)", 300, 5000),
]
_A = Trajectory.ActivationType
# (partners or employers, duration in months, hours per week)
ACTIVATIONS: dict[str, tuple[list[str], tuple[int, int], tuple[int, int]]] = {
    _A.GPMI: (["OCMW Kortrijk", "CAW Zuid-West-Vlaanderen", "JOC Kortrijk"], (12, 12), (8, 20)),
    _A.ART60: (
        [
            "Kringwinkel Kortrijk",
            "WZC Sint-Jozef",
            "Stad Kortrijk, groendienst",
            "Sociaal restaurant De Leie",
            "AZ Groeninge, logistiek",
        ],
        (12, 24),
        (19, 38),
    ),
    _A.TRAINING: (["CVO Kortrijk", "VDAB Competentiecentrum", "Syntra West"], (3, 12), (12, 30)),
    _A.VDAB: (["VDAB Kortrijk"], (3, 6), (4, 8)),
    _A.VOLUNTEERING: (
        ["Voedselbank Kortrijk", "Buurtwerk Overleie", "Sportdienst Kortrijk", "Repair Café Heule"],
        (6, 12),
        (4, 16),
    ),
}
STEPS = {
    Trajectory.Kind.INTAKE: [
        "Identiteitskaart en verblijfsdocument kopiëren",
        "Rekeninguittreksels van drie maanden opvragen",
        "Huurcontract en laatste huurbetaling opvragen",
        "Sociaal onderzoek afronden",
        "Aanvraag leefloon voorleggen aan het BCSD",
        "Attest ziekenfonds opvragen",
    ],
    Trajectory.Kind.DEBT_HELP: [
        "Overzicht van alle schulden opmaken",
        "Schuldeisers aanschrijven",
        "Afbetalingsplan voorstellen",
        "Budgetplan opmaken met de cliënt",
        "Leefgeld per week afspreken",
        "Verzoekschrift collectieve schuldenregeling opmaken",
    ],
    Trajectory.Kind.ACTIVATION: [
        "GPMI opmaken en ondertekenen",
        "Kennismaking op de werkplek",
        "Evaluatiegesprek na drie maanden",
        "Inschrijving bij VDAB",
        "Cursus Nederlands (NT2) starten",
        "Cv en sollicitatiebrief opmaken",
    ],
}
_J = JournalEntry.Kind
JOURNAL_KINDS = Weighted(
    (_J.OFFICE_VISIT, 30),
    (_J.PHONE, 25),
    (_J.HOME_VISIT, 15),
    (_J.NOTE, 12),
    (_J.EMAIL, 10),
    (_J.CONSULTATION, 8),
)
JOURNAL_TEXTS = {
    _J.OFFICE_VISIT: [
        "{name} kwam langs met de rekeninguittreksels; budget overlopen.",
        "Gesprek over de huurachterstal; afspraak met de verhuurder voorgesteld.",
        "Aanvraag leefloon besproken; ontbrekende documenten meegegeven.",
        "{name} vraagt hulp bij een brief van de deurwaarder.",
        "Stand van zaken traject besproken; {name} is gemotiveerd.",
    ],
    _J.HOME_VISIT: [
        "Huisbezoek: woning vochtig, verwarming werkt slecht. Eigenaar aanspreken.",
        "Huisbezoek samen met de woonbegeleider; energiefacturen bekeken.",
        "Huisbezoek: kinderen aanwezig, situatie stabiel.",
        "Huisbezoek: post geopend en geordend met {name}.",
    ],
    _J.PHONE: [
        "{name} belde: afspraak verplaatst naar volgende week.",
        "Telefoon met de schuldeiser: uitstel van betaling voor een maand.",
        "Telefoon met het ziekenfonds over de verhoogde tegemoetkoming.",
        "{name} meldt dat de energieleverancier dreigt af te sluiten.",
    ],
    _J.EMAIL: [
        "Mail naar de school over de schoolfactuur.",
        "Mail ontvangen van de verhuurder over de huurwaarborg.",
        "Documenten voor de huurpremie doorgestuurd naar {name}.",
    ],
    _J.CONSULTATION: [
        "Overleg over de woonsituatie en de wachtlijst sociale huisvesting.",
        "Casusoverleg: afspraken over de taakverdeling.",
        "Overleg over het activeringstraject van {name}.",
    ],
    _J.NOTE: [
        "Dossier nagekeken; rechten op verhoogde tegemoetkoming nagaan.",
        "Beslissing BCSD ontvangen en aan {name} bezorgd.",
        "Schooltoeslag nagevraagd bij het Groeipakket.",
    ],
}
# Health notes: only the assigned worker and the team lead may read them.
CONFIDENTIAL_TEXTS = [
    "{name} vertelt over depressieve klachten; doorverwezen naar het CGG.",
    "Opname in het ziekenhuis gepland; opvolging van de facturen afgesproken.",
    "Verslavingsproblematiek besproken; {name} wil hulp van het CAD.",
    "Huisarts bevestigt arbeidsongeschiktheid voor minstens zes maanden.",
    "Psychische crisis vorige week; {name} is terug thuis, dagelijkse opvolging.",
]
PARTNERS = [
    "CAW Zuid-West-Vlaanderen",
    "CGG Mandel en Leie",
    "huisarts",
    "CLB",
    "VDAB-consulent",
    "Kind en Gezin",
    "woonbegeleider",
    "schuldbemiddelaar",
]
END_REASONS = [
    "Herverdeling van de caseload in het team.",
    "Collega vertrokken; dossier overgenomen.",
    "Vraag van de cliënt om een andere maatschappelijk assistent.",
]
