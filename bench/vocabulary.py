"""Word lists for the synthetic resource directory (``bench.data.services``).

One :class:`Vocabulary` per language a listing may be written in (``resources.taxonomy.TEXT_LANGUAGES``)
and one :class:`Country` per member country: names, descriptions and addresses are put together
from these, so that a German listing reads as German and is found by the German text search.
Changing anything here changes the data-set fingerprint (``bench.data.fingerprint``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Vocabulary:
    #: category code -> names a service of that kind goes by
    names: dict[str, tuple[str, ...]]
    #: category code -> what such a service offers, to go into a sentence (lower case)
    offers: dict[str, tuple[str, ...]]
    #: first sentence of a description: {provider}, {offer}
    openings: tuple[str, ...]
    #: the area a service covers: {place}, a list of regions or ``nationwide``
    covers: str
    nationwide: str
    extras: tuple[str, ...]
    eligibility: tuple[str, ...]
    application: tuple[str, ...]
    #: {amount} formatted with the currency
    fees: tuple[str, ...]
    interpreting: str
    #: {city}, {region}, {surname}
    providers: tuple[str, ...]
    #: {region}
    provider_description: str
    #: {city}
    places: tuple[str, ...]
    #: {n}
    streets: tuple[str, ...]
    transport: tuple[str, ...]
    accessibility: tuple[str, ...]
    documents: tuple[str, ...]
    phone_descriptions: tuple[str, ...]
    free: str


@dataclass(frozen=True)
class Country:
    #: (city, ISO 3166-2 region code)
    cities: tuple[tuple[str, str], ...]
    #: '#' a digit, 'L' a capital letter
    postcode: str
    phone: str
    currency: str
    #: text language -> weight; a region listed in ``region_languages`` overrides it
    languages: dict[str, int]
    region_languages: dict[str, dict[str, int]]
    surnames: tuple[str, ...]


VOCABULARIES: dict[str, Vocabulary] = {
    "en": Vocabulary(
        names={
            "financial_assistance": ("Hardship grants", "Emergency fund for people with MS", "Help with energy bills"),
            "equipment_mobility": ("Wheelchair loan scheme", "Wheelchair and scooter repairs", "Mobility aids advice"),
            "home_vehicle_modification": (
                "Stairlift and ramp grants",
                "Home adaptations service",
                "Car adaptations advice",
            ),
            "transport": (
                "Wheelchair-accessible minibus",
                "Community transport to appointments",
                "Blue Badge and parking advice",
            ),
            "employment_benefits": (
                "Benefits advice line",
                "Staying in work service",
                "Disability benefits appeals support",
            ),
            "insurance_legal": ("Legal advice clinic", "Health insurance helpline", "Appeals and complaints support"),
            "housing": ("Accessible housing advice", "Housing options service", "Wheelchair-accessible homes register"),
            "caregiving_respite": ("Respite breaks", "Care at home service", "Carers support group"),
            "emotional_support": ("Peer support group", "MS counselling service", "Listening line"),
            "healthcare_rehabilitation": ("MS nurse clinic", "Neuro physiotherapy", "Bladder and bowel clinic"),
            "clinical_trials": (
                "Clinical trials information service",
                "Research volunteer register",
                "Progressive MS trials finder",
            ),
            "wellness_exercise": ("Seated exercise classes", "Fatigue management course", "Hydrotherapy sessions"),
            "information_education": ("MS helpline", "Newly diagnosed course", "Living with progressive MS workshops"),
        },
        offers={
            "financial_assistance": (
                "small grants towards equipment, bills and everyday costs",
                "one-off payments when money is tight",
            ),
            "equipment_mobility": (
                "wheelchairs, scooters and walking aids on short- or long-term loan",
                "assessments for the right wheelchair or mobility aid",
            ),
            "home_vehicle_modification": (
                "stairlifts, ramps and wheelchair-accessible bathrooms",
                "help adapting your car for hand controls or a wheelchair",
            ),
            "transport": (
                "door-to-door transport to hospital and clinic appointments",
                "accessible travel with room for a wheelchair",
            ),
            "employment_benefits": (
                "advice on disability benefits and how to claim them",
                "help to talk to your employer about reasonable adjustments",
            ),
            "insurance_legal": (
                "free legal advice on care, work and discrimination",
                "help with insurance claims and appeals",
            ),
            "housing": ("help finding an accessible home", "advice on housing problems, repairs and rent"),
            "caregiving_respite": (
                "short breaks for carers and the people they look after",
                "personal care and help around the home",
            ),
            "emotional_support": (
                "someone to talk to when things feel hard",
                "counselling with therapists who understand MS",
            ),
            "healthcare_rehabilitation": (
                "physiotherapy, occupational therapy and speech therapy",
                "specialist MS nurses and symptom clinics",
            ),
            "clinical_trials": (
                "help finding clinical trials you may be able to take part in",
                "news about research into progressive MS",
            ),
            "wellness_exercise": (
                "gentle exercise classes, including seated and wheelchair-based sessions",
                "courses on managing fatigue and staying active",
            ),
            "information_education": (
                "information about MS, treatments and symptoms",
                "courses and talks for people with MS and their families",
            ),
        },
        openings=(
            "{provider} offers {offer}.",
            "We provide {offer} for people living with MS.",
            "Our team offers {offer}, for people with MS and those who care for them.",
        ),
        covers="Covers {place}.",
        nationwide="the whole country",
        extras=(
            "Carers and family members are welcome too.",
            "Call us first for an informal chat.",
            "Most requests are answered within two weeks.",
            "Our staff are trained in progressive MS.",
            "There is a waiting list at busy times of the year.",
        ),
        eligibility=(
            "Adults living with MS.",
            "People with progressive MS and their carers.",
            "Anyone in the area with a diagnosis of MS.",
            "People who use a wheelchair or another mobility aid.",
        ),
        application=(
            "Call us or fill in the form on our website.",
            "Ask your MS nurse or doctor to refer you.",
            "E-mail us with your name and how we can help.",
            "Drop in during opening hours; no appointment needed.",
        ),
        fees=(
            "A contribution of {amount} per session.",
            "{amount} a month; reduced rates on request.",
            "Costs {amount}; we can help you apply for funding.",
        ),
        interpreting="Interpreters can be arranged on request.",
        providers=(
            "{city} MS Centre",
            "MS Support {region}",
            "The {surname} Foundation",
            "{region} Disability Advice",
            "{city} Independent Living Trust",
        ),
        provider_description="A charity supporting people affected by MS in {region}.",
        places=(
            "{city} Resource Centre",
            "MS Centre {city}",
            "{city} Community Hub",
            "Neurology Outpatients, {city} General Hospital",
        ),
        streets=("{n} High Street", "{n} Station Road", "{n} Church Lane", "{n} Park Avenue", "{n} Main Street"),
        transport=(
            "Bus stop outside the main entrance.",
            "Ten minutes' walk from the railway station.",
            "Free parking behind the building.",
        ),
        accessibility=(
            "Step-free access",
            "Wheelchair-accessible toilet",
            "Lift to every floor",
            "Accessible parking",
            "Hearing loop",
            "Quiet room to rest",
        ),
        documents=("Proof of address", "A letter from your MS nurse or doctor", "Proof of income", "Photo ID"),
        phone_descriptions=("Helpline", "Bookings", "Text messages"),
        free="Free",
    ),
    "fr": Vocabulary(
        names={
            "financial_assistance": (
                "Aides financières d'urgence",
                "Fonds de solidarité SEP",
                "Aide au paiement des factures d'énergie",
            ),
            "equipment_mobility": (
                "Prêt de fauteuils roulants",
                "Réparation de fauteuils roulants et de scooters",
                "Conseil en aides à la mobilité",
            ),
            "home_vehicle_modification": (
                "Aménagement du domicile",
                "Aides pour monte-escaliers et rampes",
                "Adaptation du véhicule",
            ),
            "transport": (
                "Transport adapté",
                "Navette vers les rendez-vous médicaux",
                "Conseil carte de stationnement",
            ),
            "employment_benefits": (
                "Conseil en prestations d'invalidité",
                "Maintien dans l'emploi",
                "Accompagnement des recours",
            ),
            "insurance_legal": (
                "Permanence juridique",
                "Ligne d'information assurance",
                "Aide aux recours et réclamations",
            ),
            "housing": ("Conseil logement adapté", "Service d'aide au logement", "Registre des logements accessibles"),
            "caregiving_respite": ("Séjours de répit", "Aide à domicile", "Groupe de soutien aux aidants"),
            "emotional_support": ("Groupe d'entraide", "Soutien psychologique SEP", "Ligne d'écoute"),
            "healthcare_rehabilitation": (
                "Consultation infirmière SEP",
                "Kinésithérapie neurologique",
                "Centre de rééducation",
            ),
            "clinical_trials": (
                "Information sur les essais cliniques",
                "Registre des volontaires pour la recherche",
                "Recherche sur la SEP progressive",
            ),
            "wellness_exercise": (
                "Activité physique adaptée",
                "Atelier gestion de la fatigue",
                "Séances d'aquathérapie",
            ),
            "information_education": (
                "Ligne d'information SEP",
                "Programme pour les personnes nouvellement diagnostiquées",
                "Ateliers vivre avec la SEP",
            ),
        },
        offers={
            "financial_assistance": (
                "des aides ponctuelles pour l'équipement, les factures et les dépenses courantes",
                "un soutien financier quand le budget est serré",
            ),
            "equipment_mobility": (
                "des fauteuils roulants, scooters et aides à la marche en prêt",
                "une évaluation pour choisir le bon fauteuil roulant",
            ),
            "home_vehicle_modification": (
                "des monte-escaliers, rampes et salles de bains accessibles",
                "l'adaptation de votre voiture pour la conduite ou le transport d'un fauteuil",
            ),
            "transport": (
                "un transport porte-à-porte vers l'hôpital et les consultations",
                "des véhicules accessibles aux fauteuils roulants",
            ),
            "employment_benefits": (
                "des conseils sur les prestations et les démarches",
                "un accompagnement pour aménager votre poste de travail",
            ),
            "insurance_legal": (
                "des conseils juridiques gratuits sur le travail, les soins et la discrimination",
                "de l'aide pour vos dossiers d'assurance",
            ),
            "housing": (
                "de l'aide pour trouver un logement accessible",
                "des conseils sur les problèmes de logement et les travaux",
            ),
            "caregiving_respite": (
                "des séjours de répit pour les aidants et leurs proches",
                "des soins personnels et de l'aide à domicile",
            ),
            "emotional_support": (
                "une écoute quand les choses deviennent difficiles",
                "des consultations avec des psychologues qui connaissent la SEP",
            ),
            "healthcare_rehabilitation": (
                "de la kinésithérapie, de l'ergothérapie et de l'orthophonie",
                "des infirmières spécialisées et des consultations sur les symptômes",
            ),
            "clinical_trials": (
                "de l'aide pour trouver des essais cliniques",
                "des nouvelles de la recherche sur la SEP progressive",
            ),
            "wellness_exercise": (
                "des cours d'activité physique adaptée, y compris en fauteuil roulant",
                "des ateliers pour gérer la fatigue et rester actif",
            ),
            "information_education": (
                "des informations sur la SEP, les traitements et les symptômes",
                "des formations et conférences pour les personnes atteintes et leurs proches",
            ),
        },
        openings=(
            "{provider} propose {offer}.",
            "Nous proposons {offer} aux personnes atteintes de SEP.",
            "Notre équipe propose {offer}, pour les personnes atteintes de SEP et leurs proches.",
        ),
        covers="Zone desservie : {place}.",
        nationwide="tout le pays",
        extras=(
            "Les proches et les aidants sont les bienvenus.",
            "Appelez-nous d'abord pour en parler.",
            "Nous répondons à la plupart des demandes en deux semaines.",
            "Notre équipe est formée à la SEP progressive.",
            "Il peut y avoir une liste d'attente.",
        ),
        eligibility=(
            "Adultes atteints de SEP.",
            "Personnes atteintes de SEP progressive et leurs aidants.",
            "Toute personne de la région ayant un diagnostic de SEP.",
            "Personnes qui utilisent un fauteuil roulant ou une autre aide à la mobilité.",
        ),
        application=(
            "Appelez-nous ou remplissez le formulaire sur notre site.",
            "Demandez à votre infirmière ou à votre médecin de vous orienter vers nous.",
            "Écrivez-nous en indiquant votre nom et votre demande.",
            "Passez pendant les heures d'ouverture, sans rendez-vous.",
        ),
        fees=(
            "Participation de {amount} par séance.",
            "{amount} par mois ; tarif réduit sur demande.",
            "Coût : {amount} ; nous pouvons vous aider à obtenir un financement.",
        ),
        interpreting="Un interprète peut être présent sur demande.",
        providers=(
            "Centre SEP de {city}",
            "Association SEP {region}",
            "Fondation {surname}",
            "Service social {region}",
            "Maison de l'autonomie de {city}",
        ),
        provider_description="Une association au service des personnes touchées par la SEP, {region}.",
        places=(
            "Centre de ressources de {city}",
            "Maison SEP de {city}",
            "Espace associatif de {city}",
            "Service de neurologie, hôpital de {city}",
        ),
        streets=(
            "{n} rue de la Gare",
            "{n} avenue de la République",
            "{n} rue du Marché",
            "{n} boulevard Saint-Michel",
            "{n} place de l'Église",
        ),
        transport=(
            "Arrêt de bus devant l'entrée.",
            "À dix minutes à pied de la gare.",
            "Parking gratuit derrière le bâtiment.",
        ),
        accessibility=(
            "Accès de plain-pied",
            "Toilettes adaptées",
            "Ascenseur à chaque étage",
            "Places de stationnement réservées",
            "Boucle magnétique",
            "Salle de repos calme",
        ),
        documents=(
            "Justificatif de domicile",
            "Un courrier de votre médecin ou infirmière",
            "Justificatif de revenus",
            "Pièce d'identité",
        ),
        phone_descriptions=("Ligne d'écoute", "Rendez-vous", "SMS"),
        free="Gratuit",
    ),
    "de": Vocabulary(
        names={
            "financial_assistance": ("Härtefallfonds", "Finanzielle Soforthilfe bei MS", "Zuschuss zu Energiekosten"),
            "equipment_mobility": ("Rollstuhlverleih", "Reparatur von Rollstühlen und Scootern", "Hilfsmittelberatung"),
            "home_vehicle_modification": ("Wohnraumanpassung", "Zuschüsse für Treppenlift und Rampe", "Fahrzeugumbau"),
            "transport": (
                "Fahrdienst für Menschen mit Behinderung",
                "Fahrten zu Arztterminen",
                "Beratung zum Parkausweis",
            ),
            "employment_benefits": (
                "Sozialrechtsberatung",
                "Beratung zum Arbeitsplatzerhalt",
                "Unterstützung bei Widersprüchen",
            ),
            "insurance_legal": (
                "Rechtsberatung",
                "Beratung zur Krankenversicherung",
                "Hilfe bei Widerspruch und Klage",
            ),
            "housing": (
                "Beratung zu barrierefreiem Wohnen",
                "Wohnberatung",
                "Vermittlung rollstuhlgerechter Wohnungen",
            ),
            "caregiving_respite": (
                "Verhinderungspflege",
                "Ambulanter Pflegedienst",
                "Gesprächskreis für pflegende Angehörige",
            ),
            "emotional_support": ("Selbsthilfegruppe", "Psychologische Beratung bei MS", "Telefonische Beratung"),
            "healthcare_rehabilitation": ("MS-Sprechstunde", "Neurologische Physiotherapie", "Ambulante Reha"),
            "clinical_trials": (
                "Informationen zu klinischen Studien",
                "Register für Studienteilnehmer",
                "Forschung zur progredienten MS",
            ),
            "wellness_exercise": ("Rehasport", "Kurs zum Umgang mit Fatigue", "Wassergymnastik"),
            "information_education": (
                "MS-Infotelefon",
                "Schulung nach der Diagnose",
                "Seminare: Leben mit progredienter MS",
            ),
        },
        offers={
            "financial_assistance": (
                "Zuschüsse für Hilfsmittel, Rechnungen und Alltagskosten",
                "einmalige Hilfen, wenn das Geld knapp ist",
            ),
            "equipment_mobility": (
                "Rollstühle, Scooter und Gehhilfen zum Ausleihen",
                "Beratung zum passenden Rollstuhl oder Hilfsmittel",
            ),
            "home_vehicle_modification": (
                "Treppenlifte, Rampen und barrierefreie Bäder",
                "Hilfe beim Umbau Ihres Autos für Handbedienung oder Rollstuhl",
            ),
            "transport": ("Fahrten von Tür zu Tür zu Klinik und Arztpraxis", "rollstuhlgerechte Fahrzeuge"),
            "employment_benefits": (
                "Beratung zu Rente, Schwerbehindertenausweis und Leistungen",
                "Hilfe beim Gespräch mit dem Arbeitgeber",
            ),
            "insurance_legal": (
                "kostenlose Rechtsberatung zu Pflege, Arbeit und Diskriminierung",
                "Hilfe bei Anträgen an Kranken- und Pflegekasse",
            ),
            "housing": (
                "Hilfe bei der Suche nach einer barrierefreien Wohnung",
                "Beratung bei Problemen rund ums Wohnen",
            ),
            "caregiving_respite": ("Auszeiten für pflegende Angehörige", "Pflege und Hilfe im Haushalt"),
            "emotional_support": (
                "ein offenes Ohr, wenn es schwer wird",
                "Gespräche mit Psychologinnen und Psychologen, die MS kennen",
            ),
            "healthcare_rehabilitation": (
                "Physiotherapie, Ergotherapie und Logopädie",
                "MS-Fachpflege und Sprechstunden zu Symptomen",
            ),
            "clinical_trials": (
                "Hilfe bei der Suche nach klinischen Studien",
                "Neues aus der Forschung zur progredienten MS",
            ),
            "wellness_exercise": ("Bewegungsangebote, auch im Sitzen und im Rollstuhl", "Kurse zum Umgang mit Fatigue"),
            "information_education": (
                "Informationen zu MS, Therapien und Symptomen",
                "Seminare für Betroffene und Angehörige",
            ),
        },
        openings=(
            "{provider} bietet {offer}.",
            "Wir bieten {offer} für Menschen mit MS.",
            "Unser Team bietet {offer}, für Menschen mit MS und ihre Angehörigen.",
        ),
        covers="Einzugsgebiet: {place}.",
        nationwide="bundesweit",
        extras=(
            "Angehörige sind herzlich willkommen.",
            "Rufen Sie uns gern vorher an.",
            "Die meisten Anfragen beantworten wir innerhalb von zwei Wochen.",
            "Unser Team kennt sich mit progredienter MS aus.",
            "Zeitweise gibt es eine Warteliste.",
        ),
        eligibility=(
            "Erwachsene mit MS.",
            "Menschen mit progredienter MS und ihre Angehörigen.",
            "Alle mit einer MS-Diagnose aus der Region.",
            "Menschen, die einen Rollstuhl oder ein anderes Hilfsmittel nutzen.",
        ),
        application=(
            "Rufen Sie uns an oder nutzen Sie das Formular auf unserer Website.",
            "Ihre MS-Nurse oder Ihr Arzt kann Sie anmelden.",
            "Schreiben Sie uns eine E-Mail mit Ihrem Anliegen.",
            "Kommen Sie zu den Öffnungszeiten vorbei, ohne Termin.",
        ),
        fees=(
            "Eigenanteil {amount} pro Termin.",
            "{amount} im Monat; Ermäßigung auf Anfrage.",
            "Kosten: {amount}; wir helfen beim Antrag auf Kostenübernahme.",
        ),
        interpreting="Auf Wunsch mit Dolmetscherin oder Dolmetscher.",
        providers=(
            "MS-Zentrum {city}",
            "MS-Selbsthilfe {region}",
            "{surname}-Stiftung",
            "Beratungsstelle {region}",
            "Verein für selbstbestimmtes Leben {city}",
        ),
        provider_description="Ein Verein, der Menschen mit MS unterstützt: {region}.",
        places=(
            "Beratungszentrum {city}",
            "MS-Treffpunkt {city}",
            "Begegnungsstätte {city}",
            "Neurologische Ambulanz, Klinikum {city}",
        ),
        streets=("Bahnhofstraße {n}", "Hauptstraße {n}", "Kirchweg {n}", "Lindenallee {n}", "Marktplatz {n}"),
        transport=(
            "Bushaltestelle direkt vor dem Eingang.",
            "Zehn Minuten zu Fuß vom Bahnhof.",
            "Kostenlose Parkplätze hinter dem Haus.",
        ),
        accessibility=(
            "Stufenloser Zugang",
            "Rollstuhlgerechte Toilette",
            "Aufzug in alle Etagen",
            "Behindertenparkplätze",
            "Induktionsschleife",
            "Ruheraum",
        ),
        documents=("Meldebescheinigung", "Ein ärztliches Attest", "Einkommensnachweis", "Personalausweis"),
        phone_descriptions=("Beratungstelefon", "Terminvereinbarung", "SMS"),
        free="Kostenlos",
    ),
    "it": Vocabulary(
        names={
            "financial_assistance": (
                "Contributi economici di emergenza",
                "Fondo di solidarietà SM",
                "Aiuto per le bollette",
            ),
            "equipment_mobility": (
                "Prestito di sedie a rotelle",
                "Riparazione di carrozzine e scooter",
                "Consulenza sugli ausili",
            ),
            "home_vehicle_modification": (
                "Adattamento della casa",
                "Contributi per montascale e rampe",
                "Adattamento dell'auto",
            ),
            "transport": (
                "Trasporto accessibile",
                "Accompagnamento alle visite mediche",
                "Consulenza sul contrassegno disabili",
            ),
            "employment_benefits": (
                "Sportello previdenza e invalidità",
                "Servizio lavoro e SM",
                "Supporto per i ricorsi",
            ),
            "insurance_legal": ("Sportello legale", "Consulenza assicurativa", "Assistenza per ricorsi e reclami"),
            "housing": ("Consulenza abitativa", "Servizio casa accessibile", "Elenco alloggi accessibili"),
            "caregiving_respite": (
                "Soggiorni di sollievo",
                "Assistenza domiciliare",
                "Gruppo di sostegno per caregiver",
            ),
            "emotional_support": ("Gruppo di auto-aiuto", "Supporto psicologico SM", "Linea di ascolto"),
            "healthcare_rehabilitation": (
                "Ambulatorio infermieristico SM",
                "Fisioterapia neurologica",
                "Centro di riabilitazione",
            ),
            "clinical_trials": (
                "Informazioni sugli studi clinici",
                "Registro volontari per la ricerca",
                "Ricerca sulla SM progressiva",
            ),
            "wellness_exercise": ("Attività fisica adattata", "Corso sulla gestione della fatica", "Idrokinesiterapia"),
            "information_education": (
                "Numero verde SM",
                "Percorso per nuove diagnosi",
                "Incontri: vivere con la SM progressiva",
            ),
        },
        offers={
            "financial_assistance": (
                "contributi per ausili, bollette e spese quotidiane",
                "aiuti una tantum nei momenti difficili",
            ),
            "equipment_mobility": (
                "sedie a rotelle, scooter e deambulatori in prestito",
                "una valutazione per scegliere la carrozzina giusta",
            ),
            "home_vehicle_modification": (
                "montascale, rampe e bagni accessibili",
                "aiuto per adattare l'auto alla guida o al trasporto della carrozzina",
            ),
            "transport": (
                "trasporto porta a porta verso ospedali e ambulatori",
                "mezzi accessibili alle sedie a rotelle",
            ),
            "employment_benefits": (
                "consulenza su invalidità civile e prestazioni",
                "aiuto per parlare con il datore di lavoro",
            ),
            "insurance_legal": (
                "consulenza legale gratuita su lavoro, cura e discriminazione",
                "aiuto con le pratiche assicurative",
            ),
            "housing": ("aiuto per trovare una casa accessibile", "consulenza sui problemi legati all'abitazione"),
            "caregiving_respite": (
                "periodi di sollievo per chi assiste e per i propri cari",
                "assistenza alla persona e aiuto in casa",
            ),
            "emotional_support": (
                "qualcuno con cui parlare nei momenti difficili",
                "colloqui con psicologi che conoscono la SM",
            ),
            "healthcare_rehabilitation": (
                "fisioterapia, terapia occupazionale e logopedia",
                "infermieri specializzati e ambulatori per i sintomi",
            ),
            "clinical_trials": ("aiuto per trovare studi clinici", "notizie sulla ricerca sulla SM progressiva"),
            "wellness_exercise": (
                "corsi di attività fisica adattata, anche in carrozzina",
                "corsi per gestire la fatica e restare attivi",
            ),
            "information_education": (
                "informazioni sulla SM, le terapie e i sintomi",
                "incontri per le persone con SM e i loro familiari",
            ),
        },
        openings=(
            "{provider} offre {offer}.",
            "Offriamo {offer} alle persone con SM.",
            "Il nostro gruppo offre {offer}, per le persone con SM e chi le assiste.",
        ),
        covers="Zona servita: {place}.",
        nationwide="tutto il territorio nazionale",
        extras=(
            "Familiari e caregiver sono i benvenuti.",
            "Chiamaci prima per parlarne insieme.",
            "Rispondiamo alla maggior parte delle richieste entro due settimane.",
            "Il nostro personale conosce bene la SM progressiva.",
            "Nei periodi di maggiore richiesta c'è una lista d'attesa.",
        ),
        eligibility=(
            "Adulti con SM.",
            "Persone con SM progressiva e i loro caregiver.",
            "Chiunque abbia una diagnosi di SM e viva nella zona.",
            "Persone che usano una sedia a rotelle o un altro ausilio.",
        ),
        application=(
            "Chiamaci o compila il modulo sul nostro sito.",
            "Chiedi al tuo neurologo o all'infermiere di segnalarti.",
            "Scrivici un'e-mail con il tuo nome e la tua richiesta.",
            "Passa durante l'orario di apertura, senza appuntamento.",
        ),
        fees=(
            "Contributo di {amount} a incontro.",
            "{amount} al mese; riduzioni su richiesta.",
            "Costo: {amount}; possiamo aiutarti a chiedere un rimborso.",
        ),
        interpreting="Su richiesta è disponibile un interprete.",
        providers=(
            "Centro SM di {city}",
            "Associazione SM {region}",
            "Fondazione {surname}",
            "Sportello disabilità {region}",
            "Casa dell'autonomia di {city}",
        ),
        provider_description="Un'associazione al fianco delle persone con SM: {region}.",
        places=(
            "Centro servizi di {city}",
            "Sede SM di {city}",
            "Centro civico di {city}",
            "Ambulatorio di neurologia, ospedale di {city}",
        ),
        streets=(
            "Via Roma {n}",
            "Via Garibaldi {n}",
            "Corso Italia {n}",
            "Piazza del Duomo {n}",
            "Via della Stazione {n}",
        ),
        transport=(
            "Fermata dell'autobus davanti all'ingresso.",
            "A dieci minuti a piedi dalla stazione.",
            "Parcheggio gratuito dietro l'edificio.",
        ),
        accessibility=(
            "Accesso senza gradini",
            "Bagno accessibile",
            "Ascensore a tutti i piani",
            "Parcheggio riservato",
            "Anello a induzione",
            "Stanza tranquilla per riposare",
        ),
        documents=(
            "Certificato di residenza",
            "Una lettera del neurologo",
            "Attestazione ISEE",
            "Documento d'identità",
        ),
        phone_descriptions=("Linea di ascolto", "Prenotazioni", "SMS"),
        free="Gratuito",
    ),
    "es": Vocabulary(
        names={
            "financial_assistance": (
                "Ayudas económicas de emergencia",
                "Fondo solidario EM",
                "Ayuda para facturas de energía",
            ),
            "equipment_mobility": (
                "Préstamo de sillas de ruedas",
                "Reparación de sillas de ruedas y scooters",
                "Asesoramiento en productos de apoyo",
            ),
            "home_vehicle_modification": (
                "Adaptación de la vivienda",
                "Ayudas para salvaescaleras y rampas",
                "Adaptación del vehículo",
            ),
            "transport": (
                "Transporte adaptado",
                "Traslados a citas médicas",
                "Asesoría sobre la tarjeta de aparcamiento",
            ),
            "employment_benefits": ("Asesoría sobre prestaciones", "Servicio de empleo y EM", "Apoyo en reclamaciones"),
            "insurance_legal": (
                "Asesoría jurídica",
                "Información sobre seguros de salud",
                "Apoyo en recursos y reclamaciones",
            ),
            "housing": ("Asesoría de vivienda accesible", "Servicio de vivienda", "Bolsa de viviendas adaptadas"),
            "caregiving_respite": ("Estancias de respiro", "Ayuda a domicilio", "Grupo de apoyo a cuidadores"),
            "emotional_support": ("Grupo de ayuda mutua", "Atención psicológica EM", "Línea de escucha"),
            "healthcare_rehabilitation": (
                "Consulta de enfermería EM",
                "Fisioterapia neurológica",
                "Centro de rehabilitación",
            ),
            "clinical_trials": (
                "Información sobre ensayos clínicos",
                "Registro de voluntarios para investigación",
                "Investigación en EM progresiva",
            ),
            "wellness_exercise": ("Ejercicio adaptado", "Taller de manejo de la fatiga", "Sesiones de hidroterapia"),
            "information_education": (
                "Línea de información EM",
                "Programa para personas recién diagnosticadas",
                "Talleres: vivir con EM progresiva",
            ),
        },
        offers={
            "financial_assistance": (
                "ayudas para productos de apoyo, facturas y gastos diarios",
                "apoyo económico puntual cuando el dinero no alcanza",
            ),
            "equipment_mobility": (
                "sillas de ruedas, scooters y andadores en préstamo",
                "una valoración para elegir la silla de ruedas adecuada",
            ),
            "home_vehicle_modification": (
                "salvaescaleras, rampas y baños accesibles",
                "ayuda para adaptar su coche para conducir o llevar la silla de ruedas",
            ),
            "transport": (
                "transporte puerta a puerta al hospital y a la consulta",
                "vehículos accesibles para sillas de ruedas",
            ),
            "employment_benefits": (
                "asesoramiento sobre incapacidad, discapacidad y prestaciones",
                "ayuda para hablar con su empresa sobre adaptaciones",
            ),
            "insurance_legal": (
                "asesoramiento jurídico gratuito sobre trabajo, cuidados y discriminación",
                "ayuda con los trámites del seguro",
            ),
            "housing": (
                "ayuda para encontrar una vivienda accesible",
                "asesoramiento sobre problemas de vivienda y reformas",
            ),
            "caregiving_respite": (
                "estancias de respiro para cuidadores y sus familiares",
                "cuidado personal y ayuda en casa",
            ),
            "emotional_support": (
                "alguien con quien hablar cuando todo se hace cuesta arriba",
                "atención con psicólogos que conocen la EM",
            ),
            "healthcare_rehabilitation": (
                "fisioterapia, terapia ocupacional y logopedia",
                "enfermería especializada y consultas de síntomas",
            ),
            "clinical_trials": (
                "ayuda para encontrar ensayos clínicos",
                "novedades sobre la investigación en EM progresiva",
            ),
            "wellness_exercise": (
                "clases de ejercicio adaptado, también en silla de ruedas",
                "talleres para manejar la fatiga y mantenerse activo",
            ),
            "information_education": (
                "información sobre la EM, los tratamientos y los síntomas",
                "cursos y charlas para personas con EM y sus familias",
            ),
        },
        openings=(
            "{provider} ofrece {offer}.",
            "Ofrecemos {offer} a personas con esclerosis múltiple.",
            "Nuestro equipo ofrece {offer}, para personas con EM y quienes las cuidan.",
        ),
        covers="Zona de atención: {place}.",
        nationwide="todo el país",
        extras=(
            "Familiares y cuidadores también son bienvenidos.",
            "Llámenos antes para hablarlo.",
            "Respondemos a la mayoría de las solicitudes en dos semanas.",
            "Nuestro equipo conoce bien la EM progresiva.",
            "En algunas épocas hay lista de espera.",
        ),
        eligibility=(
            "Personas adultas con EM.",
            "Personas con EM progresiva y sus cuidadores.",
            "Cualquier persona de la zona con diagnóstico de EM.",
            "Personas que usan silla de ruedas u otro producto de apoyo.",
        ),
        application=(
            "Llámenos o rellene el formulario de nuestra web.",
            "Pida a su neurólogo o enfermera que le derive.",
            "Escríbanos un correo con su nombre y su consulta.",
            "Venga en horario de atención, sin cita previa.",
        ),
        fees=(
            "Aportación de {amount} por sesión.",
            "{amount} al mes; tarifa reducida bajo petición.",
            "Coste: {amount}; le ayudamos a pedir financiación.",
        ),
        interpreting="Podemos contar con intérprete si lo solicita.",
        providers=(
            "Centro EM {city}",
            "Asociación EM {region}",
            "Fundación {surname}",
            "Servicio de discapacidad {region}",
            "Casa de la autonomía de {city}",
        ),
        provider_description="Una asociación que acompaña a las personas con esclerosis múltiple: {region}.",
        places=(
            "Centro de recursos de {city}",
            "Sede EM {city}",
            "Centro cívico de {city}",
            "Consultas de neurología, hospital de {city}",
        ),
        streets=(
            "Calle Mayor {n}",
            "Avenida de la Constitución {n}",
            "Calle de la Estación {n}",
            "Plaza de España {n}",
            "Calle Real {n}",
        ),
        transport=(
            "Parada de autobús frente a la entrada.",
            "A diez minutos a pie de la estación.",
            "Aparcamiento gratuito detrás del edificio.",
        ),
        accessibility=(
            "Acceso sin escalones",
            "Aseo adaptado",
            "Ascensor a todas las plantas",
            "Plazas de aparcamiento reservadas",
            "Bucle magnético",
            "Sala tranquila para descansar",
        ),
        documents=(
            "Certificado de empadronamiento",
            "Un informe de su neurólogo",
            "Justificante de ingresos",
            "DNI o NIE",
        ),
        phone_descriptions=("Línea de atención", "Citas", "SMS"),
        free="Gratuito",
    ),
    "nl": Vocabulary(
        names={
            "financial_assistance": ("Noodfonds MS", "Financiële ondersteuning", "Hulp bij energierekeningen"),
            "equipment_mobility": (
                "Rolstoeluitleen",
                "Reparatie van rolstoelen en scootmobielen",
                "Hulpmiddelenadvies",
            ),
            "home_vehicle_modification": ("Woningaanpassing", "Bijdrage voor traplift en oprijplaat", "Autoaanpassing"),
            "transport": (
                "Aangepast vervoer",
                "Vervoer naar medische afspraken",
                "Advies over de gehandicaptenparkeerkaart",
            ),
            "employment_benefits": ("Uitkeringsadvies", "Werk en MS", "Hulp bij bezwaarprocedures"),
            "insurance_legal": ("Juridisch spreekuur", "Advies over zorgverzekering", "Hulp bij bezwaar en klachten"),
            "housing": ("Woonadvies", "Toegankelijk wonen", "Register van rolstoelwoningen"),
            "caregiving_respite": ("Respijtzorg", "Thuiszorg", "Lotgenotengroep voor mantelzorgers"),
            "emotional_support": ("Lotgenotencontact", "Psychologische hulp bij MS", "Luisterlijn"),
            "healthcare_rehabilitation": (
                "MS-verpleegkundig spreekuur",
                "Neurologische fysiotherapie",
                "Revalidatiecentrum",
            ),
            "clinical_trials": (
                "Informatie over klinische studies",
                "Register voor onderzoeksvrijwilligers",
                "Onderzoek naar progressieve MS",
            ),
            "wellness_exercise": ("Aangepast sporten", "Cursus omgaan met vermoeidheid", "Hydrotherapie"),
            "information_education": (
                "MS-informatielijn",
                "Cursus na de diagnose",
                "Workshops leven met progressieve MS",
            ),
        },
        offers={
            "financial_assistance": (
                "bijdragen voor hulpmiddelen, rekeningen en dagelijkse kosten",
                "eenmalige steun als het financieel krap is",
            ),
            "equipment_mobility": (
                "rolstoelen, scootmobielen en rollators in bruikleen",
                "advies over de juiste rolstoel of het juiste hulpmiddel",
            ),
            "home_vehicle_modification": (
                "trapliften, oprijplaten en toegankelijke badkamers",
                "hulp bij het aanpassen van uw auto voor handbediening of een rolstoel",
            ),
            "transport": ("vervoer van deur tot deur naar ziekenhuis en spreekuur", "rolstoeltoegankelijke busjes"),
            "employment_benefits": (
                "advies over uitkeringen en hoe u ze aanvraagt",
                "hulp bij het gesprek met uw werkgever over aanpassingen",
            ),
            "insurance_legal": (
                "gratis juridisch advies over werk, zorg en discriminatie",
                "hulp bij verzekeringsclaims",
            ),
            "housing": ("hulp bij het vinden van een toegankelijke woning", "advies bij woonproblemen en reparaties"),
            "caregiving_respite": (
                "even vrij voor mantelzorgers en hun naasten",
                "persoonlijke verzorging en hulp in huis",
            ),
            "emotional_support": (
                "iemand om mee te praten als het zwaar is",
                "gesprekken met psychologen die MS kennen",
            ),
            "healthcare_rehabilitation": (
                "fysiotherapie, ergotherapie en logopedie",
                "MS-verpleegkundigen en spreekuren over klachten",
            ),
            "clinical_trials": (
                "hulp bij het vinden van klinische studies",
                "nieuws over onderzoek naar progressieve MS",
            ),
            "wellness_exercise": (
                "beweeglessen, ook zittend en in de rolstoel",
                "cursussen over vermoeidheid en actief blijven",
            ),
            "information_education": (
                "informatie over MS, behandelingen en klachten",
                "cursussen en lezingen voor mensen met MS en hun naasten",
            ),
        },
        openings=(
            "{provider} biedt {offer}.",
            "Wij bieden {offer} voor mensen met MS.",
            "Ons team biedt {offer}, voor mensen met MS en hun naasten.",
        ),
        covers="Werkgebied: {place}.",
        nationwide="het hele land",
        extras=(
            "Mantelzorgers en familie zijn ook welkom.",
            "Bel ons gerust eerst voor een kennismaking.",
            "De meeste aanvragen beantwoorden we binnen twee weken.",
            "Ons team heeft ervaring met progressieve MS.",
            "Soms is er een wachtlijst.",
        ),
        eligibility=(
            "Volwassenen met MS.",
            "Mensen met progressieve MS en hun mantelzorgers.",
            "Iedereen in de regio met de diagnose MS.",
            "Mensen die een rolstoel of ander hulpmiddel gebruiken.",
        ),
        application=(
            "Bel ons of vul het formulier op onze website in.",
            "Vraag uw MS-verpleegkundige of huisarts om een verwijzing.",
            "Stuur ons een e-mail met uw naam en vraag.",
            "Loop binnen tijdens openingstijden, zonder afspraak.",
        ),
        fees=(
            "Eigen bijdrage van {amount} per keer.",
            "{amount} per maand; korting op aanvraag.",
            "Kosten: {amount}; wij helpen u met een aanvraag voor vergoeding.",
        ),
        interpreting="Op verzoek is een tolk aanwezig.",
        providers=(
            "MS Centrum {city}",
            "MS Vereniging {region}",
            "Stichting {surname}",
            "Zorgloket {region}",
            "Stichting Zelfstandig Wonen {city}",
        ),
        provider_description="Een organisatie die mensen met MS ondersteunt: {region}.",
        places=(
            "Informatiecentrum {city}",
            "MS Huis {city}",
            "Buurthuis {city}",
            "Polikliniek neurologie, ziekenhuis {city}",
        ),
        streets=("Stationsstraat {n}", "Dorpsstraat {n}", "Kerkstraat {n}", "Marktplein {n}", "Schoolstraat {n}"),
        transport=(
            "Bushalte voor de ingang.",
            "Tien minuten lopen vanaf het station.",
            "Gratis parkeren achter het gebouw.",
        ),
        accessibility=(
            "Drempelvrije toegang",
            "Aangepast toilet",
            "Lift naar alle verdiepingen",
            "Gehandicaptenparkeerplaatsen",
            "Ringleiding",
            "Rustige ruimte om even uit te rusten",
        ),
        documents=("Bewijs van adres", "Een brief van uw arts", "Inkomensverklaring", "Identiteitsbewijs"),
        phone_descriptions=("Informatielijn", "Afspraken", "Sms"),
        free="Gratis",
    ),
    "da": Vocabulary(
        names={
            "financial_assistance": ("Nødhjælpsfond for sclerose", "Økonomisk støtte", "Hjælp til varmeregningen"),
            "equipment_mobility": (
                "Udlån af kørestole",
                "Reparation af kørestole og el-scootere",
                "Rådgivning om hjælpemidler",
            ),
            "home_vehicle_modification": ("Boligindretning", "Tilskud til trappelift og rampe", "Bilindretning"),
            "transport": ("Handicapkørsel", "Kørsel til lægebesøg", "Rådgivning om parkeringskort"),
            "employment_benefits": ("Rådgivning om ydelser", "Job og sclerose", "Hjælp til klagesager"),
            "insurance_legal": ("Gratis retshjælp", "Rådgivning om forsikring", "Hjælp til klager og ankesager"),
            "housing": ("Boligrådgivning", "Handicapvenlige boliger", "Venteliste til kørestolsboliger"),
            "caregiving_respite": ("Aflastningsophold", "Hjemmepleje", "Netværksgruppe for pårørende"),
            "emotional_support": ("Netværksgruppe", "Psykologisk rådgivning ved sclerose", "Telefonrådgivning"),
            "healthcare_rehabilitation": ("Scleroseklinik", "Neurologisk fysioterapi", "Rehabiliteringscenter"),
            "clinical_trials": (
                "Information om kliniske forsøg",
                "Register for forsøgsdeltagere",
                "Forskning i progressiv sclerose",
            ),
            "wellness_exercise": ("Tilpasset træning", "Kursus i at håndtere træthed", "Varmtvandstræning"),
            "information_education": (
                "Sclerosetelefonen",
                "Kursus for nydiagnosticerede",
                "Temadage om livet med progressiv sclerose",
            ),
        },
        offers={
            "financial_assistance": (
                "tilskud til hjælpemidler, regninger og daglige udgifter",
                "engangshjælp, når økonomien er stram",
            ),
            "equipment_mobility": (
                "kørestole, el-scootere og rollatorer til udlån",
                "rådgivning om den rigtige kørestol eller det rigtige hjælpemiddel",
            ),
            "home_vehicle_modification": (
                "trappelifte, ramper og handicapvenlige badeværelser",
                "hjælp til at indrette din bil til håndbetjening eller kørestol",
            ),
            "transport": ("kørsel fra dør til dør til hospital og læge", "biler med plads til kørestol"),
            "employment_benefits": (
                "rådgivning om førtidspension, fleksjob og ydelser",
                "hjælp til samtalen med din arbejdsgiver",
            ),
            "insurance_legal": (
                "gratis juridisk rådgivning om arbejde, pleje og forskelsbehandling",
                "hjælp med forsikringssager",
            ),
            "housing": ("hjælp til at finde en handicapvenlig bolig", "rådgivning om problemer i boligen"),
            "caregiving_respite": (
                "aflastning for pårørende og deres nærmeste",
                "personlig pleje og praktisk hjælp i hjemmet",
            ),
            "emotional_support": (
                "nogen at tale med, når det er svært",
                "samtaler med psykologer, der kender sclerose",
            ),
            "healthcare_rehabilitation": (
                "fysioterapi, ergoterapi og logopædi",
                "specialsygeplejersker og konsultationer om symptomer",
            ),
            "clinical_trials": ("hjælp til at finde kliniske forsøg", "nyt om forskning i progressiv sclerose"),
            "wellness_exercise": (
                "træningshold, også siddende og i kørestol",
                "kurser om træthed og at holde sig aktiv",
            ),
            "information_education": (
                "information om sclerose, behandling og symptomer",
                "kurser og foredrag for mennesker med sclerose og deres pårørende",
            ),
        },
        openings=(
            "{provider} tilbyder {offer}.",
            "Vi tilbyder {offer} til mennesker med sclerose.",
            "Vores team tilbyder {offer}, til mennesker med sclerose og deres pårørende.",
        ),
        covers="Dækker: {place}.",
        nationwide="hele landet",
        extras=(
            "Pårørende er også velkomne.",
            "Ring gerne først og hør nærmere.",
            "Vi svarer på de fleste henvendelser inden for to uger.",
            "Vores medarbejdere kender til progressiv sclerose.",
            "Der kan være venteliste.",
        ),
        eligibility=(
            "Voksne med sclerose.",
            "Mennesker med progressiv sclerose og deres pårørende.",
            "Alle i området med en sclerosediagnose.",
            "Mennesker, der bruger kørestol eller andet hjælpemiddel.",
        ),
        application=(
            "Ring til os eller udfyld formularen på vores hjemmeside.",
            "Bed din sclerosesygeplejerske eller læge om at henvise dig.",
            "Send os en e-mail med dit navn og dit spørgsmål.",
            "Kom forbi i åbningstiden, uden aftale.",
        ),
        fees=(
            "Egenbetaling {amount} pr. gang.",
            "{amount} om måneden; rabat efter aftale.",
            "Pris: {amount}; vi hjælper dig med at søge tilskud.",
        ),
        interpreting="Tolk efter aftale.",
        providers=(
            "Sclerosecenter {city}",
            "Scleroseforeningen {region}",
            "{surname} Fonden",
            "Handicaprådgivningen {region}",
            "Selvstændigt Liv {city}",
        ),
        provider_description="En forening, der støtter mennesker med sclerose: {region}.",
        places=(
            "Rådgivningscenter {city}",
            "Sclerosehuset {city}",
            "Medborgerhuset {city}",
            "Neurologisk ambulatorium, {city} Sygehus",
        ),
        streets=("Algade {n}", "Stationsvej {n}", "Kirkevej {n}", "Storegade {n}", "Torvet {n}"),
        transport=(
            "Busstoppested ved indgangen.",
            "Ti minutters gang fra stationen.",
            "Gratis parkering bag bygningen.",
        ),
        accessibility=(
            "Niveaufri adgang",
            "Handicaptoilet",
            "Elevator til alle etager",
            "Handicapparkering",
            "Teleslynge",
            "Hvilerum",
        ),
        documents=("Dokumentation for adresse", "En lægeerklæring", "Dokumentation for indkomst", "Billedlegitimation"),
        phone_descriptions=("Rådgivning", "Tidsbestilling", "Sms"),
        free="Gratis",
    ),
}

COUNTRIES: dict[str, Country] = {
    "US": Country(
        cities=(
            ("New York", "US-NY"),
            ("Buffalo", "US-NY"),
            ("Chicago", "US-IL"),
            ("Houston", "US-TX"),
            ("Austin", "US-TX"),
            ("Phoenix", "US-AZ"),
            ("Philadelphia", "US-PA"),
            ("Seattle", "US-WA"),
            ("Denver", "US-CO"),
            ("Atlanta", "US-GA"),
            ("Boston", "US-MA"),
            ("Miami", "US-FL"),
            ("Minneapolis", "US-MN"),
            ("Los Angeles", "US-CA"),
            ("San Diego", "US-CA"),
        ),
        postcode="#####",
        phone="+1 ### ### ####",
        currency="USD",
        languages={"en": 85, "es": 15},
        region_languages={},
        surnames=("Johnson", "Miller", "Garcia", "Robinson", "Carter", "Hughes"),
    ),
    "CA": Country(
        cities=(
            ("Toronto", "CA-ON"),
            ("Ottawa", "CA-ON"),
            ("Montréal", "CA-QC"),
            ("Québec", "CA-QC"),
            ("Vancouver", "CA-BC"),
            ("Calgary", "CA-AB"),
            ("Edmonton", "CA-AB"),
            ("Winnipeg", "CA-MB"),
            ("Halifax", "CA-NS"),
            ("Regina", "CA-SK"),
        ),
        postcode="L#L #L#",
        phone="+1 ### ### ####",
        currency="CAD",
        languages={"en": 1},
        region_languages={"CA-QC": {"fr": 85, "en": 15}, "CA-ON": {"en": 90, "fr": 10}},
        surnames=("Tremblay", "Gagnon", "MacDonald", "Campbell", "Roy", "Bouchard"),
    ),
    "GB": Country(
        cities=(
            ("London", "GB-ENG"),
            ("Manchester", "GB-ENG"),
            ("Leeds", "GB-ENG"),
            ("Bristol", "GB-ENG"),
            ("Birmingham", "GB-ENG"),
            ("Cardiff", "GB-WLS"),
            ("Swansea", "GB-WLS"),
            ("Glasgow", "GB-SCT"),
            ("Edinburgh", "GB-SCT"),
            ("Aberdeen", "GB-SCT"),
            ("Belfast", "GB-NIR"),
            ("Derry", "GB-NIR"),
        ),
        postcode="LL# #LL",
        phone="+44 ## #### ####",
        currency="GBP",
        languages={"en": 1},
        region_languages={},
        surnames=("Evans", "Campbell", "Hughes", "Patel", "Morrison", "Davies"),
    ),
    "AU": Country(
        cities=(
            ("Sydney", "AU-NSW"),
            ("Newcastle", "AU-NSW"),
            ("Melbourne", "AU-VIC"),
            ("Geelong", "AU-VIC"),
            ("Brisbane", "AU-QLD"),
            ("Perth", "AU-WA"),
            ("Adelaide", "AU-SA"),
            ("Hobart", "AU-TAS"),
            ("Canberra", "AU-ACT"),
        ),
        postcode="####",
        phone="+61 # #### ####",
        currency="AUD",
        languages={"en": 1},
        region_languages={},
        surnames=("Nguyen", "Williams", "Kelly", "Murphy", "Anderson", "Walker"),
    ),
    "IT": Country(
        cities=(
            ("Milano", "IT-25"),
            ("Roma", "IT-62"),
            ("Napoli", "IT-72"),
            ("Torino", "IT-21"),
            ("Palermo", "IT-82"),
            ("Bologna", "IT-45"),
            ("Firenze", "IT-52"),
            ("Genova", "IT-42"),
            ("Bari", "IT-75"),
            ("Venezia", "IT-34"),
        ),
        postcode="#####",
        phone="+39 0# #### ####",
        currency="EUR",
        languages={"it": 1},
        region_languages={},
        surnames=("Rossi", "Bianchi", "Ferrari", "Esposito", "Colombo", "Ricci"),
    ),
    "DE": Country(
        cities=(
            ("Berlin", "DE-BE"),
            ("Hamburg", "DE-HH"),
            ("München", "DE-BY"),
            ("Nürnberg", "DE-BY"),
            ("Köln", "DE-NW"),
            ("Düsseldorf", "DE-NW"),
            ("Frankfurt am Main", "DE-HE"),
            ("Stuttgart", "DE-BW"),
            ("Leipzig", "DE-SN"),
            ("Hannover", "DE-NI"),
        ),
        postcode="#####",
        phone="+49 ## #######",
        currency="EUR",
        languages={"de": 1},
        region_languages={},
        surnames=("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Hoffmann"),
    ),
    "ES": Country(
        cities=(
            ("Madrid", "ES-MD"),
            ("Barcelona", "ES-CT"),
            ("Valencia", "ES-VC"),
            ("Sevilla", "ES-AN"),
            ("Málaga", "ES-AN"),
            ("Zaragoza", "ES-AR"),
            ("Bilbao", "ES-PV"),
            ("Oviedo", "ES-AS"),
            ("Murcia", "ES-MC"),
            ("Valladolid", "ES-CL"),
        ),
        postcode="#####",
        phone="+34 ### ### ###",
        currency="EUR",
        languages={"es": 1},
        region_languages={},
        surnames=("García", "Fernández", "López", "Martínez", "Sánchez", "Ruiz"),
    ),
    "NL": Country(
        cities=(
            ("Amsterdam", "NL-NH"),
            ("Haarlem", "NL-NH"),
            ("Rotterdam", "NL-ZH"),
            ("Den Haag", "NL-ZH"),
            ("Utrecht", "NL-UT"),
            ("Eindhoven", "NL-NB"),
            ("Groningen", "NL-GR"),
            ("Arnhem", "NL-GE"),
            ("Nijmegen", "NL-GE"),
            ("Maastricht", "NL-LI"),
        ),
        postcode="#### LL",
        phone="+31 ## ### ####",
        currency="EUR",
        languages={"nl": 1},
        region_languages={},
        surnames=("de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit"),
    ),
    "BE": Country(
        cities=(
            ("Bruxelles", "BE-BRU"),
            ("Antwerpen", "BE-VLG"),
            ("Gent", "BE-VLG"),
            ("Brugge", "BE-VLG"),
            ("Leuven", "BE-VLG"),
            ("Liège", "BE-WAL"),
            ("Namur", "BE-WAL"),
            ("Charleroi", "BE-WAL"),
            ("Eupen", "BE-WAL"),
        ),
        postcode="####",
        phone="+32 # ### ## ##",
        currency="EUR",
        languages={"fr": 1},
        region_languages={"BE-BRU": {"fr": 60, "nl": 40}, "BE-VLG": {"nl": 1}, "BE-WAL": {"fr": 85, "de": 15}},
        surnames=("Peeters", "Janssens", "Dubois", "Lambert", "Maes", "Dupont"),
    ),
    "DK": Country(
        cities=(
            ("København", "DK-84"),
            ("Aarhus", "DK-82"),
            ("Odense", "DK-83"),
            ("Aalborg", "DK-81"),
            ("Roskilde", "DK-85"),
            ("Esbjerg", "DK-83"),
        ),
        postcode="####",
        phone="+45 ## ## ## ##",
        currency="DKK",
        languages={"da": 1},
        region_languages={},
        surnames=("Nielsen", "Jensen", "Hansen", "Pedersen", "Andersen", "Christensen"),
    ),
}

#: Share of the directory's listings per country (the bigger societies list more).
COUNTRY_WEIGHTS = {"US": 22, "GB": 15, "CA": 10, "DE": 10, "AU": 8, "IT": 8, "ES": 8, "NL": 7, "BE": 6, "DK": 6}

#: How often each category is a listing's first one: equipment, care and information are the most asked for.
CATEGORY_WEIGHTS = {
    "financial_assistance": 8,
    "equipment_mobility": 12,
    "home_vehicle_modification": 8,
    "transport": 7,
    "employment_benefits": 7,
    "insurance_legal": 5,
    "housing": 6,
    "caregiving_respite": 10,
    "emotional_support": 9,
    "healthcare_rehabilitation": 9,
    "clinical_trials": 3,
    "wellness_exercise": 7,
    "information_education": 9,
}

#: Languages besides the country's own that some listings' staff speak.
OTHER_SPOKEN = ("sgn", "ar", "pl", "tr", "uk", "zh", "pt", "pa", "ur", "so")
