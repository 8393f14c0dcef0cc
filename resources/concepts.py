"""The directory's concept vocabulary, so that a search in one language finds listings in another.

A :class:`Concept` is something people with progressive MS or their carers look for (a wheelchair,
a stairlift, respite, fatigue, ...) with its words in each of the seven languages a listing may be
written in (``taxonomy.TEXT_LANGUAGES``): the usual name first, then synonyms and the inflections
people type. Each type of help (``taxonomy.CATEGORIES``) and way of delivery
(``taxonomy.DELIVERY``) is a concept too; its name as the site translates it into each language
(the very words each listing's search document carries, ``services._derive``) joins its terms.

How the search uses it: **query expansion** (``expand``, used by ``selectors``). The words of a
search that name a concept, in any of the languages (compared without accents, with a plural
ending or as the head of a compound: "wheelchairs", "Rollstuhlverleih"), are searched as "those
words, or any of the concept's terms in the listing's own language": a Dutch listing is searched
for ``wheelchair | rolstoel:*``, stemmed by the Dutch configuration, on the same GIN index of
``search_vector`` as before. The other words of the search are searched
as they always were. We chose this over storing a language-neutral concept array per listing:

- nothing is stored, so a change here applies at once, without recomputing every listing's
  search columns (20,000 in the large benchmark) or a data migration;
- typo tolerance keeps working unchanged: a misspelt word is corrected against the dictionary of
  words (``SearchWord``, which also holds this vocabulary's words, ``search_words``), and the
  corrected word is expanded like a typed one;
- ranking (``ts_rank_cd``) still sees the words of each listing: one that says "rolstoel" three
  times outranks one that mentions it once;
- the cost is a longer text search query: a term that only adds an ending or a word to another
  is left out of it (stemming and the other term find it anyway), and the ranking uses each
  concept's usual names only (``usual_terms``), as ``ts_rank_cd`` costs as much per listing as
  the query has words (``make bench``: ``resource_search``, ``resource_search_crosslang``). A
  search naming no concept runs exactly the SQL it ran before.

Words that mean something else in another of the languages are left out ("recursos" is
"resources" in Spanish, not "appeals"; "recherche" is also a job search), as are words too general
to stand for a concept alone ("care", "help", "home").
"""

# ruff: noqa: E501

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from django.utils import translation

from . import taxonomy as tx

LANGUAGES = tuple(tx.TEXT_LANGUAGES)
#: Languages that write compounds as one word: a term there also matches the compounds it
#: begins ("rolstoel" finds "rolstoeluitleen", "kørestol" finds "kørestolsbrugere").
COMPOUNDING = frozenset({"de", "nl", "da"})
#: Shortest term (letters) that matches as the head of a compound, in listings and in searches.
COMPOUND_HEAD = 7


@dataclass(frozen=True)
class Concept:
    """One concept; each language's terms separated by ``|``."""

    code: str
    en: str
    fr: str
    de: str
    it: str
    es: str
    nl: str
    da: str
    category: str = ""  # the type of help it is (a code of taxonomy.CATEGORIES)
    delivery: str = ""  # the way of delivery it is (a code of taxonomy.DELIVERY)

    def written_terms(self, language: str) -> tuple[str, ...]:
        return tuple(term.strip() for term in getattr(self, language).split("|") if term.strip())


CONCEPTS: tuple[Concept, ...] = (
    # --- types of help (taxonomy.CATEGORIES) -----------------------------------------------------
    Concept("financial_assistance", category="financial_assistance",
      en="financial help | financial assistance | financial support | grant | grants | hardship fund | emergency fund",
      fr="aide financière | aides financières | soutien financier | subvention | subventions | fonds d'aide | fonds de solidarité",
      de="finanzielle Hilfe | finanzielle Unterstützung | Zuschuss | Zuschüsse | Beihilfe | Härtefonds | Notfallfonds",
      it="aiuto economico | aiuti economici | sostegno economico | contributo economico | contributi economici | fondo di solidarietà",
      es="ayuda económica | ayudas económicas | apoyo económico | subvención | subvenciones | fondo de emergencia",
      nl="financiële hulp | financiële steun | financiële ondersteuning | subsidie | subsidies | noodfonds",
      da="økonomisk støtte | økonomisk hjælp | tilskud | legat | legater | nødhjælpsfond"),
    Concept("equipment_mobility", category="equipment_mobility",
      en="mobility aids | mobility aid | equipment | assistive equipment | assistive technology | daily living aids",
      fr="aides techniques | aide technique | aides à la mobilité | matériel médical | équipement | aides pour la vie quotidienne",
      de="Hilfsmittel | Mobilitätshilfen | Mobilitätshilfe | Hilfsmittelversorgung | Alltagshilfen",
      it="ausili | ausilio | ausili per la mobilità | ausili tecnici | attrezzature",
      es="productos de apoyo | ayudas técnicas | ayudas para la movilidad | equipamiento",
      nl="hulpmiddelen | hulpmiddel | mobiliteitshulpmiddelen | hulpmiddelenadvies",
      da="hjælpemidler | hjælpemiddel | mobilitetshjælpemidler"),
    Concept("home_vehicle_modification", category="home_vehicle_modification",
      en="home adaptation | home adaptations | home modification | home modifications | adapting your home",
      fr="aménagement du domicile | aménagement du logement | adaptation du logement | adaptation du domicile",
      de="Wohnraumanpassung | Wohnungsanpassung | Wohnumfeldverbesserung | barrierefreier Umbau",
      it="adattamento della casa | adeguamento dell'abitazione | barriere architettoniche",
      es="adaptación de la vivienda | adaptación del hogar | reforma de la vivienda",
      nl="woningaanpassing | woningaanpassingen | aanpassing van de woning",
      da="boligindretning | boligændring | boligændringer | tilpasning af boligen"),
    Concept("transport", category="transport",
      en="transport | transportation | accessible transport | community transport | dial-a-ride | taxi",
      fr="transport | transports | transport adapté | transport accessible | navette | taxi",
      de="Fahrdienst | Behindertenfahrdienst | Beförderung | Transport | Krankenfahrt",
      it="trasporto | trasporti | trasporto disabili | trasporto accessibile | trasporto sociale",
      es="transporte | transporte adaptado | transporte accesible",
      nl="vervoer | aangepast vervoer | doelgroepenvervoer | regiotaxi | taxi",
      da="transport | kørsel | handicapkørsel | befordring | flextrafik"),
    Concept("employment_benefits", category="employment_benefits",
      en="work | employment | job | jobs | staying in work",
      fr="emploi | travail | maintien dans l'emploi",
      de="Arbeit | Beruf | Beschäftigung | Arbeitsplatz",
      it="lavoro | occupazione | impiego",
      es="empleo | trabajo",
      nl="werk | baan | arbeid | werk en inkomen",
      da="arbejde | job | beskæftigelse"),
    Concept("insurance_legal", category="insurance_legal",
      en="legal help | insurance and legal help",
      fr="aide juridique | assurance et aide juridique",
      de="Rechtshilfe | Versicherung und Rechtshilfe",
      it="assistenza legale | assicurazione e assistenza legale",
      es="ayuda legal | asistencia jurídica | seguros y ayuda legal",
      nl="juridische hulp | rechtshulp | verzekering en juridische hulp",
      da="retshjælp | juridisk hjælp | forsikring og retshjælp"),
    Concept("housing", category="housing",
      en="housing | accessible housing | accessible home | adapted home | social housing | accommodation",
      fr="logement | logements | logement adapté | logement accessible | logement social | habitat",
      de="Wohnung | Wohnraum | barrierefreies Wohnen | barrierefreie Wohnung | Wohnberatung",
      it="alloggio | abitazione | casa accessibile | casa popolare | edilizia residenziale pubblica",
      es="vivienda | viviendas | vivienda adaptada | vivienda accesible | alojamiento",
      nl="woning | huisvesting | toegankelijk wonen | sociale huurwoning | rolstoelwoning | woonadvies",
      da="bolig | boliger | handicapvenlig bolig | handicapbolig | almen bolig | boligrådgivning"),
    Concept("caregiving_respite", category="caregiving_respite",
      en="care and respite | social care | care services",
      fr="aide et répit | services d'aide | accompagnement à domicile",
      de="Pflege und Entlastung | Pflegeleistungen | Pflegeberatung",
      it="assistenza e sollievo | servizi di assistenza",
      es="cuidados y respiro | servicios de cuidado | atención a la dependencia",
      nl="zorg en respijtzorg | zorgverlening | ondersteuning thuis",
      da="pleje og aflastning | omsorg | plejeydelser"),
    Concept("emotional_support", category="emotional_support",
      en="emotional support | someone to talk to | psychological support | mental health",
      fr="soutien psychologique | soutien émotionnel | écoute | santé mentale",
      de="psychologische Unterstützung | emotionale Unterstützung | seelische Unterstützung | psychische Gesundheit",
      it="supporto psicologico | sostegno psicologico | supporto emotivo | ascolto | salute mentale",
      es="apoyo psicológico | apoyo emocional | escucha | salud mental",
      nl="emotionele steun | psychologische hulp | psychosociale ondersteuning | luisterend oor | mentale gezondheid",
      da="psykologisk støtte | følelsesmæssig støtte | samtalestøtte | mental sundhed"),
    Concept("healthcare_rehabilitation", category="healthcare_rehabilitation",
      en="health care | healthcare | rehabilitation | rehab | medical care",
      fr="soins de santé | rééducation | réadaptation | soins médicaux",
      de="Gesundheitsversorgung | Rehabilitation | Reha | medizinische Versorgung",
      it="assistenza sanitaria | riabilitazione | cure mediche",
      es="atención sanitaria | asistencia sanitaria | rehabilitación | atención médica",
      nl="gezondheidszorg | revalidatie | medische zorg",
      da="sundhedsvæsen | rehabilitering | genoptræning | lægehjælp"),
    Concept("clinical_trials", category="clinical_trials",
      en="clinical trial | clinical trials | trials | research study | research studies",
      fr="essai clinique | essais cliniques | étude clinique | études cliniques",
      de="klinische Studie | klinische Studien | Studienteilnahme",
      it="sperimentazione clinica | sperimentazioni cliniche | studio clinico | studi clinici",
      es="ensayo clínico | ensayos clínicos | estudio clínico | estudios clínicos",
      nl="klinische studie | klinische studies | klinisch onderzoek | geneesmiddelenonderzoek",
      da="klinisk forsøg | kliniske forsøg | forsøgsbehandling"),
    Concept("wellness_exercise", category="wellness_exercise",
      en="wellness | wellbeing | well-being | healthy living",
      fr="bien-être | mode de vie sain",
      de="Wohlbefinden | Gesundheitsförderung | gesunde Lebensweise",
      it="benessere | stile di vita sano",
      es="bienestar | vida saludable",
      nl="welzijn | welbevinden | gezond leven",
      da="trivsel | velvære | sund livsstil"),
    Concept("information_education", category="information_education",
      en="information | courses | course | education | workshops | learning about MS",
      fr="information | informations | formation | formations | ateliers | éducation thérapeutique",
      de="Information | Informationen | Schulung | Kurse | Seminare",
      it="informazione | informazioni | formazione | corsi",
      es="información | formación | cursos | talleres",
      nl="informatie | voorlichting | cursus | cursussen | workshops",
      da="information | oplysning | kursus | kurser | undervisning"),
    # --- ways of delivery (taxonomy.DELIVERY) ----------------------------------------------------
    Concept("in_person", delivery="in_person",
      en="in person | face to face | face-to-face | drop-in",
      fr="en personne | en présentiel | sur place",
      de="persönlich | vor Ort",
      it="di persona | in presenza",
      es="en persona | presencial",
      nl="persoonlijk | op locatie | inloopspreekuur",
      da="personligt | fremmøde"),
    Concept("phone", delivery="phone",
      en="by phone | phone | telephone | on the phone",
      fr="par téléphone | téléphone | téléphonique",
      de="telefonisch | Telefon | per Telefon",
      it="telefono | al telefono | telefonico | telefonica",
      es="por teléfono | teléfono | telefónico | telefónica",
      nl="telefonisch | telefoon | per telefoon",
      da="telefonisk | telefon | pr. telefon"),
    Concept("online", delivery="online",
      en="online | video call | internet",
      fr="en ligne | visioconférence | internet",
      de="online | Videosprechstunde | Internet",
      it="online | videochiamata | internet",
      es="en línea | online | videollamada | internet",
      nl="online | videobellen | internet",
      da="online | videoopkald | internet"),
    Concept("home_visit", delivery="home_visit",
      en="home visit | home visits | visits at home",
      fr="visite à domicile | visites à domicile",
      de="Hausbesuch | Hausbesuche",
      it="visita domiciliare | visite domiciliari | visita a domicilio",
      es="visita a domicilio | visitas a domicilio | visita domiciliaria",
      nl="huisbezoek | huisbezoeken | bezoek aan huis",
      da="hjemmebesøg"),
    # --- equipment and mobility --------------------------------------------------------------
    Concept("wheelchair",
      en="wheelchair | wheelchairs | wheel chair | powerchair | power chair | electric wheelchair | manual wheelchair",
      fr="fauteuil roulant | fauteuils roulants | chaise roulante | fauteuil électrique",
      de="Rollstuhl | Rollstühle | Elektrorollstuhl | E-Rollstuhl",
      it="sedia a rotelle | sedie a rotelle | carrozzina | carrozzine | carrozzella",
      es="silla de ruedas | sillas de ruedas",
      nl="rolstoel | rolstoelen | elektrische rolstoel",
      da="kørestol | kørestole | el-kørestol"),
    Concept("mobility_scooter",
      en="mobility scooter | mobility scooters | scooter | scooters",
      fr="scooter électrique | scooter de mobilité | scooter | scooters",
      de="Elektromobil | Seniorenmobil | Scooter",
      it="scooter elettrico | scooter per disabili | scooter",
      es="scooter eléctrico | scooter de movilidad | scooter",
      nl="scootmobiel | scootmobielen",
      da="el-scooter | el-scootere | handicapscooter"),
    Concept("walking_aids",
      en="walking aid | walking aids | walking frame | walker | rollator | walking stick | crutches",
      fr="aide à la marche | aides à la marche | déambulateur | rollator | canne | béquilles",
      de="Gehhilfe | Gehhilfen | Rollator | Gehstock | Krücken | Gehwagen",
      it="ausili per camminare | deambulatore | rollator | bastone | stampelle",
      es="andador | andadores | bastón | muletas | ayudas para caminar",
      nl="loophulpmiddel | rollator | looprek | wandelstok | krukken",
      da="gangredskab | gangredskaber | rollator | gangstativ | krykker"),
    Concept("stairlift",
      en="stairlift | stairlifts | stair lift | stair lifts",
      fr="monte-escalier | monte-escaliers | siège monte-escalier",
      de="Treppenlift | Treppenlifte | Treppensteighilfe",
      it="montascale | servoscala",
      es="salvaescaleras | silla salvaescaleras | elevador de escaleras",
      nl="traplift | trapliften",
      da="trappelift | trappelifte"),
    Concept("ramp",
      en="ramp | ramps | wheelchair ramp",
      fr="rampe | rampes | rampe d'accès",
      de="Rampe | Rampen | Rollstuhlrampe",
      it="rampa | rampe",
      es="rampa | rampas",
      nl="oprijplaat | oprijplaten | hellingbaan",
      da="rampe | ramper | kørestolsrampe"),
    Concept("bathroom",
      en="accessible bathroom | wet room | walk-in shower | level-access shower | bathroom adaptation",
      fr="salle de bains adaptée | salle de bain accessible | salles de bains accessibles | douche à l'italienne",
      de="barrierefreies Bad | bodengleiche Dusche | Badumbau | behindertengerechtes Bad",
      it="bagno accessibile | bagni accessibili | bagno per disabili | doccia a filo pavimento",
      es="baño adaptado | baños adaptados | baño accesible | ducha adaptada | plato de ducha",
      nl="aangepaste badkamer | toegankelijke badkamer | toegankelijke badkamers | inloopdouche | badkameraanpassing",
      da="handicapvenligt badeværelse | handicapvenlige badeværelser | handicapbadeværelse | niveaufri bruser"),
    Concept("hoist",
      en="hoist | patient hoist | ceiling hoist | patient lift",
      fr="lève-personne | lève-malade | soulève-personne",
      de="Patientenlifter | Personenlifter | Deckenlifter",
      it="sollevatore | sollevapersone | sollevatore per disabili",
      es="grúa de traslado | grúa para personas | grúa geriátrica",
      nl="tillift | patiëntenlift | plafondlift",
      da="personløfter | loftlift | patientløfter"),
    Concept("car_adaptation",
      en="car adaptation | car adaptations | vehicle adaptation | adapted car | adapted vehicle | hand controls",
      fr="adaptation du véhicule | voiture adaptée | véhicule adapté | commandes au volant",
      de="Fahrzeugumbau | Autoumbau | behindertengerechtes Fahrzeug | Handbedienung",
      it="adattamento del veicolo | auto adattata | veicolo adattato | comandi manuali",
      es="adaptación del vehículo | coche adaptado | vehículo adaptado | mandos manuales",
      nl="autoaanpassing | aangepaste auto | handbediening",
      da="bilindretning | handicapbil | håndbetjening | bilstøtte"),
    Concept("parking",
      en="blue badge | disabled parking | parking permit | disabled parking permit | accessible parking",
      fr="carte de stationnement | carte mobilité inclusion | stationnement handicapé | place handicapé",
      de="Behindertenparkausweis | Parkausweis | Behindertenparkplatz | Parkerleichterung",
      it="contrassegno disabili | contrassegno invalidi | parcheggio disabili | parcheggio riservato",
      es="tarjeta de estacionamiento | aparcamiento para discapacitados | plaza de aparcamiento adaptada",
      nl="gehandicaptenparkeerkaart | invalidenparkeerkaart | gehandicaptenparkeerplaats | parkeerkaart",
      da="parkeringskort | handicapparkering | handicapparkeringskort"),
    Concept("driving",
      en="driving | driving licence | driving license | driving assessment",
      fr="permis de conduire | conduite automobile | aptitude à la conduite",
      de="Führerschein | Fahreignung | Autofahren",
      it="patente | patente di guida | patente speciale",
      es="carnet de conducir | permiso de conducir | conducción",
      nl="rijbewijs | rijgeschiktheid | autorijden",
      da="kørekort | bilkørsel"),
    Concept("personal_alarm",
      en="personal alarm | emergency alarm | community alarm | pendant alarm | telecare",
      fr="téléalarme | téléassistance | bouton d'appel d'urgence",
      de="Hausnotruf | Notrufsystem | Notrufknopf",
      it="telesoccorso | teleassistenza | allarme personale",
      es="teleasistencia | botón de emergencia | alarma personal",
      nl="personenalarmering | alarmknop | noodoproep",
      da="nødkald | nødkaldeanlæg | alarmknap"),
    # --- money, work and rights ------------------------------------------------------------
    Concept("benefits",
      en="benefits | disability benefits | welfare benefits | allowance | allowances | disability allowance | social security | disability pension",
      fr="prestations | prestations sociales | allocation | allocations | allocation aux adultes handicapés | pension d'invalidité",
      de="Sozialleistungen | Pflegegeld | Erwerbsminderungsrente | Grundsicherung | Eingliederungshilfe",
      it="prestazioni | prestazioni sociali | sussidi | indennità | indennità di accompagnamento | pensione di invalidità | invalidità civile",
      es="prestaciones | prestaciones sociales | subsidio | subsidios | pensión de invalidez | ayudas sociales",
      nl="uitkering | uitkeringen | toeslag | toeslagen | sociale zekerheid | tegemoetkoming | arbeidsongeschiktheidsuitkering",
      da="ydelser | sociale ydelser | førtidspension | handicaptillæg | sygedagpenge"),
    Concept("energy_bills",
      en="energy bills | energy bill | heating costs | fuel bills | electricity bills",
      fr="factures d'énergie | facture d'énergie | facture d'électricité | frais de chauffage | chèque énergie",
      de="Energiekosten | Stromrechnung | Heizkosten | Energierechnung",
      it="bollette | bolletta | bonus energia | spese di riscaldamento",
      es="facturas de energía | factura de la luz | gastos de calefacción | bono social",
      nl="energierekening | energierekeningen | energietoeslag | stookkosten",
      da="varmeregning | varmeregningen | elregning | energiregning | varmetilskud"),
    Concept("debt_advice",
      en="debt advice | debt | debts | money advice | budgeting",
      fr="surendettement | dettes | conseil budgétaire | gestion du budget",
      de="Schuldnerberatung | Schulden | Budgetberatung",
      it="debiti | sovraindebitamento | consulenza sul debito",
      es="deudas | endeudamiento | asesoramiento sobre deudas",
      nl="schuldhulpverlening | schulden | budgetbeheer | budgetcoaching",
      da="gældsrådgivning | gæld | budgetrådgivning"),
    Concept("employment_rights",
      en="employment rights | rights at work | reasonable adjustments | workplace adjustments | discrimination at work",
      fr="droits des travailleurs | droit du travail | aménagement du poste | aménagements raisonnables | aménagement raisonnable",
      de="Arbeitsrecht | Rechte am Arbeitsplatz | Arbeitsplatzanpassung | angemessene Vorkehrungen",
      it="diritti dei lavoratori | diritto del lavoro | accomodamento ragionevole | adattamento del posto di lavoro | collocamento mirato",
      es="derechos laborales | derecho laboral | adaptación del puesto de trabajo | ajustes razonables",
      nl="arbeidsrecht | rechten op het werk | redelijke aanpassingen | werkplekaanpassing | aanpassingen op het werk",
      da="arbejdsret | rettigheder på arbejdspladsen | arbejdspladsindretning | rimelig tilpasning"),
    Concept("return_to_work",
      en="return to work | back to work | vocational rehabilitation | job retention | job coach",
      fr="retour à l'emploi | reprise du travail | réinsertion professionnelle | insertion professionnelle",
      de="berufliche Rehabilitation | Wiedereingliederung | stufenweise Wiedereingliederung | Jobcoach",
      it="reinserimento lavorativo | rientro al lavoro | riabilitazione professionale",
      es="reincorporación laboral | vuelta al trabajo | rehabilitación profesional | reinserción laboral",
      nl="re-integratie | reïntegratie | terug naar werk | jobcoach",
      da="fleksjob | tilbage til arbejdet | revalidering | arbejdsprøvning | jobafklaring"),
    Concept("legal_advice",
      en="legal advice | lawyer | solicitor | law centre | legal aid",
      fr="conseil juridique | conseils juridiques | avocat | permanence juridique | aide juridictionnelle",
      de="Rechtsberatung | Anwalt | Rechtsanwalt | Sozialrecht",
      it="consulenza legale | consulenza giuridica | avvocato | patronato",
      es="asesoramiento jurídico | asesoría jurídica | asesoramiento legal | abogado",
      nl="juridisch advies | advocaat | rechtswinkel | juridisch spreekuur",
      da="juridisk rådgivning | advokat | gratis retshjælp"),
    Concept("insurance",
      en="insurance | health insurance | insurance claim | insurance claims | income protection",
      fr="assurance | assurances | mutuelle | assurance maladie",
      de="Versicherung | Krankenversicherung | Krankenkasse | Pflegeversicherung",
      it="assicurazione | assicurazioni | assicurazione sanitaria",
      es="seguros | seguro médico | seguro de salud | aseguradora",
      nl="verzekering | zorgverzekering | ziekenfonds | mutualiteit | verzekeringsclaims",
      da="forsikring | forsikringer | sygeforsikring | sundhedsforsikring | forsikringssager"),
    Concept("appeals",
      en="appeal | appeals | complaint | complaints | tribunal | challenge a decision",
      fr="recours | réclamation | réclamations | contestation | faire appel",
      de="Widerspruch | Einspruch | Beschwerde | Sozialgericht",
      it="ricorso | ricorsi | reclamo | reclami",
      es="reclamación | reclamaciones | apelación | recurrir",
      nl="bezwaar | bezwaarschrift | bezwaarprocedure | in beroep gaan | klacht | klachten",
      da="klage | klager | ankesag | ankesager | klagesag | klagesager"),
    Concept("discrimination",
      en="discrimination | equality | disability rights",
      fr="discrimination | discriminations | égalité | droits des personnes handicapées",
      de="Diskriminierung | Benachteiligung | Gleichstellung",
      it="discriminazione | pari opportunità | diritti delle persone con disabilità",
      es="discriminación | igualdad | derechos de las personas con discapacidad",
      nl="discriminatie | gelijke behandeling",
      da="forskelsbehandling | diskrimination | ligebehandling"),
    # --- care ----------------------------------------------------------------------------------
    Concept("respite",
      en="respite | respite care | short break | short breaks | respite break",
      fr="répit | séjour de répit | séjours de répit | accueil temporaire | hébergement temporaire",
      de="Verhinderungspflege | Kurzzeitpflege | Entlastung | Entlastungsangebot",
      it="sollievo | ricovero di sollievo | assistenza di sollievo | accoglienza temporanea",
      es="respiro familiar | programa de respiro | estancia temporal | descanso del cuidador",
      nl="respijtzorg | respijt | logeeropvang | kortverblijf",
      da="aflastning | aflastningsophold | afløsning"),
    Concept("home_care",
      en="home care | care at home | personal care | home help | domestic help | help at home | help around the home",
      fr="aide à domicile | soins à domicile | aide ménagère | auxiliaire de vie | soins personnels",
      de="häusliche Pflege | ambulante Pflege | Pflegedienst | Haushaltshilfe | Hilfe im Haushalt",
      it="assistenza domiciliare | assistenza a domicilio | badante | aiuto domestico",
      es="ayuda a domicilio | atención domiciliaria | cuidados a domicilio | servicio de ayuda a domicilio",
      nl="thuiszorg | huishoudelijke hulp | persoonlijke verzorging | wijkverpleging | hulp in huis",
      da="hjemmepleje | hjemmehjælp | praktisk hjælp | personlig pleje"),
    Concept("personal_assistance",
      en="personal assistant | personal assistance | personal budget | direct payments",
      fr="assistance personnelle | assistant personnel | budget d'assistance personnelle | prestation de compensation",
      de="persönliches Budget | persönliche Assistenz | Assistenzleistungen",
      it="assistente personale | assistenza personale | vita indipendente",
      es="asistente personal | asistencia personal | vida independiente",
      nl="persoonsgebonden budget | pgb | persoonlijke assistentie | persoonlijke-assistentiebudget",
      da="borgerstyret personlig assistance | BPA | hjælperordning | personlig hjælper"),
    Concept("carers",
      en="carer | carers | carers' support | support for carers | caregiver | caregivers | family carer | unpaid carer",
      fr="aidant | aidants | aidant proche | aidants proches | proche aidant | soutien aux aidants",
      de="pflegende Angehörige | Angehörige | Angehörigenberatung | Pflegeperson",
      it="caregiver | caregiver familiare | sostegno ai caregiver",
      es="cuidador | cuidadores | cuidadora | cuidadoras | cuidador familiar | apoyo a cuidadores",
      nl="mantelzorger | mantelzorgers | mantelzorg | mantelzorgondersteuning",
      da="pårørende | pårørendestøtte | pårørenderådgivning | omsorgsperson"),
    Concept("care_home",
      en="care home | nursing home | residential care | supported living",
      fr="maison de repos | maison de soins | EHPAD | foyer d'accueil médicalisé",
      de="Pflegeheim | betreutes Wohnen | stationäre Pflege | Wohnheim",
      it="RSA | residenza sanitaria assistenziale | casa di riposo | casa di cura",
      es="residencia de mayores | centro residencial | vivienda tutelada | residencia asistida",
      nl="verpleeghuis | woonzorgcentrum | beschermd wonen | zorginstelling",
      da="plejehjem | plejebolig | botilbud | bofællesskab"),
    Concept("day_centre",
      en="day centre | day center | day care | day services | activity centre",
      fr="centre de jour | accueil de jour | centre d'activités",
      de="Tagespflege | Tagesstätte | Tageszentrum",
      it="centro diurno | centri diurni",
      es="centro de día | centros de día",
      nl="dagbesteding | dagcentrum | dagopvang",
      da="dagcenter | aktivitetscenter | daghjem"),
    Concept("meals",
      en="meals on wheels | meal delivery | meals at home | hot meals",
      fr="portage de repas | repas à domicile | livraison de repas",
      de="Essen auf Rädern | Mahlzeitendienst | Menüservice",
      it="pasti a domicilio | consegna pasti",
      es="comida a domicilio | servicio de comidas a domicilio",
      nl="maaltijdservice | maaltijden aan huis | tafeltje-dek-je",
      da="madservice | madordning | udbringning af mad"),
    Concept("palliative_care",
      en="palliative care | end of life care | end of life | hospice",
      fr="soins palliatifs | fin de vie",
      de="Palliativversorgung | Palliativpflege | Hospiz | Lebensende",
      it="cure palliative | fine vita | hospice",
      es="cuidados paliativos | final de la vida",
      nl="palliatieve zorg | levenseinde | hospice | terminale zorg",
      da="palliativ pleje | palliation | hospice | livets afslutning"),
    # --- emotional support ---------------------------------------------------------------
    Concept("counselling",
      en="counselling | counseling | counsellor | psychotherapy | talking therapy | psychologist",
      fr="psychologue | psychologues | psychothérapie | accompagnement psychologique | consultation psychologique",
      de="Psychotherapie | Psychologe | Psychologin | psychologische Beratung",
      it="psicologo | psicologa | psicologi | psicoterapia | counseling | consulenza psicologica",
      es="psicólogo | psicóloga | psicólogos | psicoterapia | terapia psicológica | asesoramiento psicológico",
      nl="psycholoog | psychologen | psychotherapie | gesprekstherapie | counseling",
      da="psykolog | psykologer | psykoterapi | samtaleterapi | psykologhjælp"),
    Concept("peer_support",
      en="peer support | support group | support groups | self-help group | meeting others with MS",
      fr="groupe de parole | groupes de parole | groupe d'entraide | entraide | pair-aidance",
      de="Selbsthilfegruppe | Selbsthilfe | Gesprächsgruppe | Austausch mit Betroffenen",
      it="gruppo di auto-aiuto | auto mutuo aiuto | mutuo aiuto | gruppo di sostegno | gruppi di sostegno",
      es="grupo de apoyo | grupos de apoyo | ayuda mutua | grupo de ayuda mutua",
      nl="lotgenotencontact | lotgenotengroep | zelfhulpgroep | praatgroep",
      da="netværksgruppe | netværksgrupper | selvhjælpsgruppe | samtalegruppe | ligesindede"),
    Concept("helpline",
      en="helpline | help line | advice line | information line | listening line | hotline",
      fr="ligne d'écoute | ligne d'information | permanence téléphonique | numéro vert",
      de="Telefonberatung | Beratungstelefon | Infotelefon | Sorgentelefon | Hotline",
      it="numero verde | linea telefonica | telefono amico | helpline",
      es="línea de ayuda | teléfono de ayuda | línea de atención | teléfono de información",
      nl="infolijn | hulplijn | luisterlijn | informatielijn | telefonische hulp",
      da="rådgivningslinje | telefonrådgivning | hjælpelinje | hotline"),
    Concept("depression",
      en="depression | low mood | depressed",
      fr="dépression | déprime | humeur dépressive",
      de="Depression | Depressionen | Niedergeschlagenheit",
      it="depressione | umore depresso",
      es="depresión | estado de ánimo bajo",
      nl="depressie | somberheid | neerslachtigheid",
      da="depression | nedtrykthed | tristhed"),
    Concept("anxiety",
      en="anxiety | worry | stress | panic",
      fr="anxiété | angoisse | stress",
      de="Angst | Ängste | Angststörung | Stress",
      it="ansia | angoscia | stress",
      es="ansiedad | angustia | estrés",
      nl="angst | bezorgdheid | stress | paniek",
      da="angst | bekymring | stress"),
    Concept("loneliness",
      en="loneliness | lonely | isolation | social isolation | befriending",
      fr="solitude | isolement | isolement social | lien social",
      de="Einsamkeit | soziale Isolation | Besuchsdienst",
      it="solitudine | isolamento | isolamento sociale",
      es="soledad | aislamiento | aislamiento social",
      nl="eenzaamheid | isolement | sociaal isolement | maatjesproject",
      da="ensomhed | social isolation | besøgsven | besøgsvenner"),
    # --- health care and symptoms -----------------------------------------------------------
    Concept("physiotherapy",
      en="physiotherapy | physio | physiotherapist | physical therapy | physical therapist | neuro physiotherapy",
      fr="kinésithérapie | kiné | kinésithérapeute | physiothérapie | physiothérapeute",
      de="Physiotherapie | Krankengymnastik | Physiotherapeut | Physiotherapeutin",
      it="fisioterapia | fisioterapista | fisioterapisti",
      es="fisioterapia | fisioterapeuta | fisioterapeutas",
      nl="fysiotherapie | fysiotherapeut | kinesitherapie | kinesist",
      da="fysioterapi | fysioterapeut | genoptræning"),
    Concept("occupational_therapy",
      en="occupational therapy | occupational therapist | OT",
      fr="ergothérapie | ergothérapeute",
      de="Ergotherapie | Ergotherapeut | Ergotherapeutin",
      it="terapia occupazionale | terapista occupazionale | ergoterapia",
      es="terapia ocupacional | terapeuta ocupacional",
      nl="ergotherapie | ergotherapeut",
      da="ergoterapi | ergoterapeut"),
    Concept("speech_therapy",
      en="speech therapy | speech and language therapy | speech therapist",
      fr="orthophonie | orthophoniste | logopédie | logopède",
      de="Logopädie | Logopäde | Logopädin | Sprachtherapie",
      it="logopedia | logopedista",
      es="logopedia | logopeda",
      nl="logopedie | logopedist",
      da="logopædi | logopæd | talepædagog"),
    Concept("swallowing",
      en="swallowing | swallowing problems | dysphagia",
      fr="déglutition | troubles de la déglutition | dysphagie",
      de="Schluckstörung | Schluckbeschwerden | Dysphagie",
      it="deglutizione | disfagia",
      es="deglución | disfagia | problemas para tragar",
      nl="slikproblemen | slikstoornis | dysfagie",
      da="synkebesvær | synkeproblemer | dysfagi"),
    Concept("ms_nurse",
      en="MS nurse | MS nurses | specialist nurse | nurse | nurses",
      fr="infirmière SEP | infirmière | infirmier | infirmières | infirmière spécialisée",
      de="MS-Schwester | MS-Nurse | Pflegefachkraft | Krankenschwester",
      it="infermiere | infermiera | infermieri | infermiere SM",
      es="enfermera | enfermero | enfermeras | enfermera de EM",
      nl="MS-verpleegkundige | verpleegkundige | verpleegkundigen",
      da="sygeplejerske | sygeplejersker | sclerosesygeplejerske | specialsygeplejerske"),
    Concept("neurologist",
      en="neurologist | neurologists | neurology",
      fr="neurologue | neurologie",
      de="Neurologe | Neurologin | Neurologie | Nervenarzt",
      it="neurologo | neurologa | neurologia",
      es="neurólogo | neuróloga | neurología",
      nl="neuroloog | neurologie",
      da="neurolog | neurologi | neurologisk afdeling"),
    Concept("mri",
      en="MRI | MRI scan | magnetic resonance imaging",
      fr="IRM | imagerie par résonance magnétique",
      de="MRT | Kernspintomographie | Magnetresonanztomographie | Kernspin",
      it="risonanza magnetica | RMN",
      es="resonancia magnética | RMN",
      nl="MRI | MRI-scan | MRI-onderzoek",
      da="MR-scanning | MR-scanner | MR-skanning"),
    Concept("diagnosis",
      en="diagnosis | newly diagnosed | new diagnosis | recently diagnosed",
      fr="diagnostic | nouvellement diagnostiqué | nouvellement diagnostiquées | récemment diagnostiqué | annonce du diagnostic",
      de="Diagnose | Erstdiagnose | neu diagnostiziert",
      it="diagnosi | nuova diagnosi | appena diagnosticato",
      es="diagnóstico | recién diagnosticado | nuevo diagnóstico",
      nl="diagnose | pas gediagnosticeerd | nieuwe diagnose | na de diagnose",
      da="diagnose | nydiagnosticeret | nydiagnosticerede"),
    Concept("treatment",
      en="treatment | treatments | disease-modifying therapy | disease-modifying treatment | DMT | medication | medicines",
      fr="traitement | traitements | traitement de fond | médicaments",
      de="Behandlung | verlaufsmodifizierende Therapie | Medikamente | Immuntherapie",
      it="trattamento | trattamenti | terapie modificanti la malattia | farmaci",
      es="tratamiento | tratamientos | medicamentos | fármacos",
      nl="behandeling | behandelingen | medicatie | medicijnen | ziektemodulerende therapie",
      da="behandling | medicin | sygdomsmodificerende behandling | bremsende behandling"),
    Concept("fatigue",
      en="fatigue | tiredness | exhaustion | fatigue management | energy management",
      fr="fatigue | épuisement | gestion de la fatigue",
      de="Fatigue | Erschöpfung | Müdigkeit | Energiemanagement",
      it="fatica | stanchezza | affaticamento | fatigue",
      es="fatiga | cansancio | agotamiento",
      nl="vermoeidheid | moeheid | uitputting | energiemanagement",
      da="træthed | udmattelse | fatigue"),
    Concept("pain",
      en="pain | pain management | chronic pain | neuropathic pain",
      fr="douleur | douleurs | douleurs neuropathiques | gestion de la douleur",
      de="Schmerzen | Schmerz | Schmerztherapie | Schmerzbehandlung",
      it="dolore | dolori | terapia del dolore",
      es="dolor | dolores | tratamiento del dolor",
      nl="pijn | pijnbestrijding | chronische pijn",
      da="smerter | smerte | smertebehandling"),
    Concept("spasticity",
      en="spasticity | stiffness | spasms | muscle spasms | cramps",
      fr="spasticité | raideur | spasmes | crampes",
      de="Spastik | Spastizität | Krämpfe | Muskelsteifheit",
      it="spasticità | rigidità | spasmi | crampi",
      es="espasticidad | rigidez | espasmos | calambres",
      nl="spasticiteit | stijfheid | spasmen | krampen",
      da="spasticitet | spasmer | stivhed | kramper"),
    Concept("continence",
      en="continence | incontinence | bladder | bowel | bladder and bowel | catheter",
      fr="continence | incontinence | vessie | troubles urinaires | troubles intestinaux | sonde urinaire",
      de="Kontinenz | Inkontinenz | Blase | Blasenstörung | Darm | Katheter",
      it="continenza | incontinenza | vescica | intestino | catetere | disturbi urinari",
      es="continencia | incontinencia | vejiga | intestino | sonda urinaria | problemas urinarios",
      nl="continentie | incontinentie | blaas | darm | katheter | blaasproblemen",
      da="kontinens | inkontinens | blære | tarm | kateter | blæreproblemer"),
    Concept("cognition",
      en="memory | memory problems | cognition | cognitive problems | concentration | brain fog",
      fr="mémoire | troubles cognitifs | troubles de la mémoire | concentration",
      de="Gedächtnis | kognitive Störungen | Konzentration | Gedächtnisprobleme",
      it="memoria | disturbi cognitivi | concentrazione | problemi di memoria",
      es="memoria | problemas cognitivos | deterioro cognitivo | concentración",
      nl="geheugen | cognitieve problemen | concentratie | geheugenproblemen",
      da="hukommelse | kognitive problemer | koncentration | hukommelsesproblemer"),
    Concept("vision",
      en="vision | eyesight | sight loss | low vision | optic neuritis | visual impairment",
      fr="troubles visuels | troubles de la vision | basse vision | névrite optique",
      de="Sehstörungen | Sehbehinderung | Sehnerventzündung",
      it="disturbi visivi | disturbi della vista | ipovisione | neurite ottica",
      es="problemas de visión | baja visión | neuritis óptica",
      nl="zichtproblemen | gezichtsvermogen | slechtziendheid | oogzenuwontsteking",
      da="synsproblemer | synsnedsættelse | nedsat syn | synsnervebetændelse"),
    # --- staying well ------------------------------------------------------------------------
    Concept("exercise",
      en="exercise | exercise classes | physical activity | fitness | sport | seated exercise | gym",
      fr="exercice physique | activité physique | activité physique adaptée | sport adapté | gymnastique",
      de="Sport | Bewegung | Gymnastik | Rehasport | Sitzgymnastik",
      it="attività fisica | esercizio fisico | ginnastica | attività motoria | sport",
      es="ejercicio | ejercicio físico | actividad física | deporte | gimnasia",
      nl="bewegen | sporten | aangepast sporten | beweging | fitness | oefeningen",
      da="træning | motion | fysisk aktivitet | tilpasset træning | idræt"),
    Concept("hydrotherapy",
      en="hydrotherapy | aquatherapy | aqua therapy | swimming | water exercise",
      fr="aquathérapie | hydrothérapie | balnéothérapie | natation | aquagym",
      de="Hydrotherapie | Wassergymnastik | Aquatherapie | Schwimmen | Bewegungsbad",
      it="idroterapia | idrokinesiterapia | nuoto | ginnastica in acqua",
      es="hidroterapia | terapia acuática | natación | aquagym",
      nl="hydrotherapie | aquatherapie | watertherapie | zwemmen",
      da="varmtvandstræning | vandtræning | svømning | hydroterapi"),
    Concept("relaxation",
      en="yoga | relaxation | mindfulness | meditation | tai chi",
      fr="yoga | relaxation | pleine conscience | méditation | sophrologie",
      de="Yoga | Entspannung | Achtsamkeit | Meditation",
      it="yoga | rilassamento | mindfulness | meditazione",
      es="yoga | relajación | mindfulness | atención plena | meditación",
      nl="yoga | ontspanning | mindfulness | meditatie",
      da="yoga | afspænding | mindfulness | meditation"),
    Concept("nutrition",
      en="diet | nutrition | healthy eating | dietitian | dietician",
      fr="alimentation | nutrition | diététicien | diététicienne | diététique",
      de="Ernährung | Ernährungsberatung | Diät",
      it="alimentazione | nutrizione | dieta | dietista",
      es="alimentación | nutrición | dieta | dietista",
      nl="voeding | dieet | diëtist | gezond eten",
      da="kost | ernæring | kostvejledning | diætist"),
    Concept("holidays",
      en="holiday | holidays | accessible holidays | travel | vacation",
      fr="vacances | vacances adaptées | voyage | voyages",
      de="Urlaub | Reisen | barrierefreies Reisen | Ferien",
      it="vacanze | viaggi | turismo accessibile",
      es="vacaciones | viajes | turismo accesible",
      nl="vakantie | vakanties | aangepaste vakantie | reizen",
      da="ferie | rejser | handicapvenlig ferie | ferieophold"),
    # --- finding your way ------------------------------------------------------------------
    Concept("research",
      en="research | researchers | research volunteer | take part in research",
      fr="recherche médicale | recherche scientifique | recherche sur la SEP | chercheurs",
      de="Forschung | Forschungsprojekt | Wissenschaft",
      it="ricerca scientifica | ricerca medica | ricerca sulla SM | ricercatori",
      es="investigación | investigación médica | investigadores",
      nl="wetenschappelijk onderzoek | onderzoekers | onderzoeksvrijwilligers",
      da="forskning | forskere | forskningsprojekt"),
    Concept("social_worker",
      en="social worker | social work | social services",
      fr="assistant social | assistante sociale | service social | travailleur social",
      de="Sozialarbeiter | Sozialarbeiterin | Sozialdienst | Sozialberatung",
      it="assistente sociale | servizi sociali | servizio sociale",
      es="trabajador social | trabajadora social | servicios sociales",
      nl="maatschappelijk werker | maatschappelijk werk | sociale dienst | sociaal werker",
      da="socialrådgiver | socialrådgivning | socialforvaltning"),
    Concept("advocacy",
      en="advocacy | personal advocate | navigator | case manager",
      fr="défense des droits | référent | coordinateur de parcours",
      de="Interessenvertretung | Lotse | Fallmanagement",
      it="tutela dei diritti | case manager",
      es="defensa de derechos | gestor de casos",
      nl="belangenbehartiging | cliëntondersteuning | casemanager | zorgcoördinator",
      da="bisidder | talsperson | forløbskoordinator"),
)  # fmt: skip

BY_CODE: dict[str, Concept] = {concept.code: concept for concept in CONCEPTS}


# --- terms ------------------------------------------------------------------------------------


def _taxonomy_names(concept: Concept, language: str) -> list[str]:
    """A type of help's or way of delivery's name as the site translates it into ``language``."""
    with translation.override(language):
        if concept.category:
            return [tx.category_name(concept.category)]
        if concept.delivery:
            return [tx.delivery_name(concept.delivery)]
    return []


@cache
def terms(code: str, language: str) -> tuple[str, ...]:
    """The concept's words in ``language``: as written above, then (for a type of help or a way
    of delivery) its name as the site translates it into that language and into English, which
    is what every listing's search document carries (``services._derive``)."""
    concept = BY_CODE[code]
    names = _taxonomy_names(concept, language) + _taxonomy_names(concept, "en")
    return tuple(dict.fromkeys([*concept.written_terms(language), *names]))


@cache
def usual_terms(code: str, language: str) -> tuple[str, ...]:
    """What listings in ``language`` most often call the concept: its first term, and the names of
    a type of help or a way of delivery (which every listing of that type carries)."""
    concept = BY_CODE[code]
    names = _taxonomy_names(concept, language) + _taxonomy_names(concept, "en")
    return tuple(dict.fromkeys([*concept.written_terms(language)[:1], *names]))


def fold(text: str) -> str:
    """Lower case without accents, for comparing what people type with the terms."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


@cache
def _tsquery_terms(code: str, language: str, usual_only: bool = False) -> tuple[str, ...]:
    """The concept's terms (``usual_terms`` only) in ``language`` as ``to_tsquery`` operands: a
    phrase of several words, and the head of compounds in the languages that write them as one
    word. Each word is quoted (the terms are ours; only letters and digits reach the quotes)."""
    found, kept = [], []
    for term in (usual_terms if usual_only else terms)(code, language):
        parts = _WORD.findall(term)
        if not parts or any(_subsumes(earlier, parts) for earlier in kept):
            continue
        kept.append(parts)
        operand = " <-> ".join(f"'{part}'" for part in parts)
        if len(parts) == 1 and language in COMPOUNDING and len(parts[0]) >= COMPOUND_HEAD:
            operand += ":*"
        found.append(operand)
    return tuple(dict.fromkeys(found))


def _subsumes(earlier: list[str], parts: list[str]) -> bool:
    """Whether a listing that has ``parts`` always has the ``earlier`` term as well, once both are
    stemmed: "wheelchairs" after "wheelchair" (an ending), "electric wheelchair" after it (a
    word more). Such terms help to read searches, and only cost time in the query."""
    if len(earlier) == 1:
        return any(_same_word(part.casefold(), earlier[0].casefold()) for part in parts)
    return len(earlier) == len(parts) and all(
        _same_word(part.casefold(), word.casefold()) for part, word in zip(parts, earlier, strict=True)
    )


def search_words() -> list[str]:
    """Every word of every term, for the dictionary misspelt searches are corrected against."""
    return sorted({term for concept in CONCEPTS for lang in LANGUAGES for term in terms(concept.code, lang)})


# --- reading a search -----------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """Consecutive words of a search that name one or more concepts."""

    typed: str  # as typed
    concepts: tuple[str, ...]

    def alternatives(self, language: str, *, usual_only: bool = False) -> str:
        """The concepts' terms in ``language``, as one ``to_tsquery`` text (``a | b <-> c``);
        ``usual_only``: their ``usual_terms``, for ranking."""
        found = dict.fromkeys(
            operand for code in self.concepts for operand in _tsquery_terms(code, language, usual_only)
        )
        # The words as typed are searched anyway (``selectors``): not twice.
        typed = " <-> ".join(f"'{part}'" for part in _WORD.findall(self.typed)).casefold()
        return " | ".join(operand for operand in found if operand.casefold() != typed)


@dataclass(frozen=True)
class Expansion:
    """A search read against the vocabulary: ``groups`` name concepts, ``rest`` is the other
    words as typed (quoted phrases and ``-word`` exclusions included)."""

    rest: str
    groups: tuple[Group, ...] = ()


@cache
def _index() -> dict[str, list[tuple[tuple[str, ...], frozenset[str]]]]:
    """First word of a term (folded) -> (the term's words, the concepts it names)."""
    concepts_of: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for concept in CONCEPTS:
        for language in LANGUAGES:
            for term in terms(concept.code, language):
                if term_words := words(term):
                    concepts_of[term_words].add(concept.code)
    index: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = defaultdict(list)
    for term_words, codes in concepts_of.items():
        index[term_words[0]].append((term_words, frozenset(codes)))
    return dict(index)


def _same_word(typed: str, term_word: str) -> bool:
    """The same word, or it with a plural or case ending (two letters at most)."""
    return typed == term_word or (
        len(term_word) >= 4 and typed.startswith(term_word) and len(typed) - len(term_word) <= 2
    )


def _keys(word: str):
    """Where to look ``word`` up: as it is; without an ending of one or two letters; as a
    compound beginning with a term of one word (``compound_only``)."""
    yield word, False
    for cut in (1, 2):
        if len(word) - cut >= 4:
            yield word[:-cut], False
    for length in range(len(word) - 3, COMPOUND_HEAD - 1, -1):
        yield word[:length], True


def _terms_at(run: list[str], start: int) -> dict[int, frozenset[str]]:
    """The terms beginning at ``run[start]``: how many words each covers -> the concepts named.
    The word as it is first; failing that, without an ending; failing that, as a compound."""
    index = _index()
    for key, compound_only in _keys(run[start]):
        found: dict[int, frozenset[str]] = {}
        for term_words, term_codes in index.get(key, ()):
            size = len(term_words)
            if (compound_only and size > 1) or start + size > len(run):
                continue
            if all(_same_word(run[start + n], term_words[n]) for n in range(1, size)):
                found[size] = found.get(size, frozenset()) | term_codes
        if found:
            return found
    return {}


def _segment(run: list[str]) -> list[tuple[int, int, frozenset[str]]]:
    """The terms of a run of words as (start, size, concepts): as many words in terms as can
    be, in as few terms as can be ("carers support group" is "carers" + "support group", not
    "carers support" + "group")."""
    # best[i]: (words covered, -terms) from word i on, and the first term chosen there.
    best: list[tuple[tuple[int, int], tuple[int, frozenset[str]] | None]] = [((0, 0), None)] * (len(run) + 1)
    for start in range(len(run) - 1, -1, -1):
        best[start] = (best[start + 1][0], None)
        for size, codes in _terms_at(run, start).items():
            covered, terms_count = best[start + size][0]
            score = (covered + size, terms_count - 1)
            if score > best[start][0]:
                best[start] = (score, (size, codes))
    found, start = [], 0
    while start < len(run):
        choice = best[start][1]
        if choice is None:
            start += 1
            continue
        found.append((start, *choice))
        start += choice[0]
    return found


def expand(query: str) -> Expansion:
    """Read a search against the vocabulary. Words inside quotes, excluded (``-word``) and
    searches joined with ``or`` are left as typed: their web-search meaning stays."""
    chunks = query.split()
    if any(chunk.casefold() == "or" for chunk in chunks):
        return Expansion(rest=query)
    # Each chunk (as typed, between spaces) is plain when outside quotes and not an exclusion.
    plain, quoted = [], False
    for chunk in chunks:
        plain.append(not quoted and '"' not in chunk and not chunk.startswith("-"))
        quoted ^= chunk.count('"') % 2 == 1
    rest_chunks = set(range(len(chunks)))
    groups: list[Group] = []
    position = 0
    while position < len(chunks):
        if not plain[position]:
            position += 1
            continue
        end = position
        while end < len(chunks) and plain[end]:
            end += 1
        # The words of a run of plain chunks, each with its chunk: a term never spans a gap.
        run = [(word, n) for n in range(position, end) for word in words(chunks[n])]
        words_in = Counter(n for _word, n in run)
        run_words = [word for word, _n in run]
        for start, size, codes in _segment(run_words):
            covered = Counter(n for _word, n in run[start : start + size])
            # A chunk leaves the rest when every word of it is in the term.
            rest_chunks -= {n for n, count in covered.items() if count == words_in[n]}
            typed = " ".join(chunks[n] for n in covered)
            groups.append(Group(typed=typed, concepts=tuple(sorted(codes))))
        position = end
    if not groups:
        return Expansion(rest=query)
    return Expansion(rest=" ".join(chunks[n] for n in sorted(rest_chunks)), groups=tuple(groups))
