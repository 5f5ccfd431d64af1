# ruff: noqa: RUF001 - Danish typography uses the en dash
"""Demo themes and articles for the knowledge portal, written for this project.

Facts follow the domain brief (the 2014 plan, the registration law, the centre's history); the
wording is our own. Each article: (slug, type, title, summary, body, themes, audiences, publication
date or days ago, featured).
"""

import datetime as dt

THEMES = [
    (
        "hvad-er-socialoekonomi",
        "Hvad er socialøkonomi?",
        "What is social economy?",
        "Begreber, eksempler og de to almindelige typer af socialøkonomiske virksomheder.",
    ),
    (
        "registrering",
        "Registrering som RSV",
        "Registration",
        "De fem kriterier, ansøgningen og de årlige pligter for registrerede virksomheder.",
    ),
    (
        "start-og-drift",
        "Start og drift",
        "Starting and running",
        "Fra idé til drift: forretningsplan, selskabsform, ledelse og overskud.",
    ),
    (
        "finansiering",
        "Finansiering",
        "Financing",
        "Kapital, lån, fonde og investorer til socialøkonomiske virksomheder.",
    ),
    (
        "kommuner-og-jobcentre",
        "Kommuner og jobcentre",
        "Municipalities and job centres",
        "Samarbejde med det offentlige om beskæftigelse, indkøb og partnerskaber.",
    ),
    (
        "udbud-og-indkoeb",
        "Udbud og sociale klausuler",
        "Procurement and social clauses",
        "Hvordan offentlige indkøb kan give plads til socialøkonomiske leverandører.",
    ),
    (
        "om-vaekstcentret",
        "Om Vækstcentret",
        "About the centre",
        "Vækstcentrets opgaver, historie og nyheder.",
    ),
]

ENTREPRENEUR, ENTERPRISE, MUNICIPALITY, JOB_CENTRE, INVESTOR, PUBLIC_BODY = (
    "ivaerksaetter",
    "socialoekonomisk-virksomhed",
    "kommune",
    "jobcenter",
    "investor-fond",
    "anden-offentlig-myndighed",
)

# The five criterion articles carry the stable key the registry's self-test links them by.
CRITERION_GUIDE_KEYS = {
    "kriterie-1-socialt-formaal": "kriterium-purpose",
    "kriterie-2-erhvervsmaessig-aktivitet": "kriterium-trade",
    "kriterie-3-uafhaengighed": "kriterium-independence",
    "kriterie-4-inddragende-ledelse": "kriterium-governance",
    "kriterie-5-overskud": "kriterium-profit",
}

ARTICLES = [
    (
        "hvad-er-en-socialoekonomisk-virksomhed",
        "guide",
        "Hvad er en socialøkonomisk virksomhed?",
        "En socialøkonomisk virksomhed tjener penge for at gøre en forskel. Her er de vigtigste "
        "kendetegn, og hvordan den adskiller sig fra både almindelige firmaer og foreninger.",
        """En socialøkonomisk virksomhed er en **privat virksomhed**, der handler med varer eller
tjenester. Forskellen fra en almindelig virksomhed er formålet: indtjeningen er et middel til at
fremme noget socialt eller samfundsgavnligt, ikke et mål i sig selv.

## Kendetegn

- Virksomheden har et klart socialt eller samfundsgavnligt formål.
- En væsentlig del af indtægterne kommer fra salg, ikke kun fra tilskud og gaver.
- Overskuddet bruges primært på formålet eller geninvesteres.
- Ledelsen inddrager medarbejdere, kunder og andre, der har en interesse i virksomheden.

## Hvorfor er det vigtigt?

Socialøkonomiske virksomheder kan skabe job til mennesker, som har svært ved at finde plads på
arbejdsmarkedet, og løse opgaver, som hverken markedet eller det offentlige løser alene.

Læs også om de to almindelige typer, og om hvordan en virksomhed kan blive registreret.""",
        ["hvad-er-socialoekonomi"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY],
        400,
        True,
    ),
    (
        "to-typer-socialoekonomiske-virksomheder",
        "guide",
        "To typer: med en målgruppe eller for en sag",
        "Mange socialøkonomiske virksomheder falder i en af to grupper. Den ene arbejder sammen "
        "med en bestemt målgruppe, den anden sælger for at finansiere en sag.",
        """## Virksomheder, der arbejder *med* en målgruppe

Her er målgruppen en del af selve driften. Det kan være en café, et cykelværksted eller et
trykkeri, der ansætter eller opkvalificerer mennesker, som står langt fra arbejdsmarkedet – for
eksempel personer med handicap, psykisk sårbarhed eller lang ledighed bag sig.

## Virksomheder, der arbejder *for* en sag

Her er det indtjeningen, der gør forskellen. Virksomheden sælger varer, oplevelser eller
tjenester og bruger overskuddet på et formål, for eksempel forskning, kultur eller
udviklingsarbejde.

## Blandingsformer

Mange virksomheder gør begge dele. Det vigtige er, at formålet er tydeligt beskrevet, og at
pengene følger formålet.""",
        ["hvad-er-socialoekonomi"],
        [ENTREPRENEUR, ENTERPRISE],
        390,
        False,
    ),
    (
        "muskelsvindfonden-som-eksempel",
        "case",
        "Eksempel: Muskelsvindfonden",
        "Muskelsvindfonden nævnes ofte, når man skal forklare socialøkonomi. Aktiviteter med en "
        "forretningsmæssig side finansierer arbejdet for mennesker med muskelsvind.",
        """Muskelsvindfonden er et af de eksempler, der går igen, når socialøkonomiske
virksomheder skal forklares i Danmark.

## Forretning med et formål

Fonden har aktiviteter, der skaffer indtægter, og pengene går til at forbedre vilkårene for
mennesker med muskelsvind. Det er netop princippet om at arbejde **for en sag**: salget er midlet,
formålet er målet.

## Hvad kan andre lære?

- Et tydeligt formål gør det let for kunder og frivillige at bakke op.
- Indtægter fra salg giver større frihed end tilskud alene.
- Aktiviteterne kan samtidig gøre sagen synlig.""",
        ["hvad-er-socialoekonomi"],
        [ENTREPRENEUR, ENTERPRISE],
        380,
        False,
    ),
    (
        "roskilde-festival-som-eksempel",
        "case",
        "Eksempel: Roskilde Festival",
        "Roskilde Festival er både en stor kulturbegivenhed og et eksempel på en virksomhed, hvor "
        "overskuddet går til almennyttige og humanitære formål.",
        """Roskilde Festival bruges ofte som eksempel på, at socialøkonomi ikke kun handler om
små værksteder og caféer.

## Overskud til gode formål

Festivalen drives med en forretningsmæssig tilgang: billetter, boder og samarbejdsaftaler. Det
overskud, der bliver tilbage, uddeles til almennyttige, humanitære og kulturelle formål.

## Mange frivillige

En stor del af arbejdet udføres af frivillige, som ofte kommer fra foreninger, der selv får
støtte for indsatsen. Det viser, hvordan en socialøkonomisk virksomhed kan skabe værdi i flere
led på én gang.""",
        ["hvad-er-socialoekonomi"],
        [ENTREPRENEUR, ENTERPRISE, INVESTOR],
        370,
        False,
    ),
    (
        "saadan-registrerer-du-virksomheden",
        "guide",
        "Sådan bliver I registreret socialøkonomisk virksomhed",
        "Registreringen giver ret til at bruge betegnelsen registreret socialøkonomisk virksomhed "
        "(RSV). Her er trinene fra ansøgning til registrering i CVR.",
        """Ordningen bygger på lov nr. 711 af 25. juni 2014 og har kunnet bruges siden 1. januar
2015. Erhvervsstyrelsen behandler ansøgningerne.

## Hvem kan søge?

En juridisk person med eget CVR-nummer, hjemmehørende i Danmark eller et andet EU/EØS-land – for
eksempel et A/S, ApS, P/S, A.m.b.A., F.m.b.A., en forening eller en erhvervsdrivende fond.
Enkeltmandsvirksomheder, virksomheder i sameje og små personligt ejede virksomheder kan ikke.

## Trin for trin

1. Sørg for, at vedtægterne beskriver det sociale formål og reglerne for overskud.
2. Saml virksomhedens oplysninger, vedtægter og seneste årsrapport (eller et budget, hvis
   virksomheden er ny).
3. Send ansøgningen. Bestyrelsen skal stå inde for, at oplysningerne er rigtige.
4. Myndigheden vurderer de fem kriterier og skal give afslag inden fire uger, hvis de ikke er
   opfyldt.
5. Registreringen vises i CVR, og I må bruge betegnelsen og RSV-logoet.

Ændringer skal meldes inden 14 dage.""",
        ["registrering"],
        [ENTREPRENEUR, ENTERPRISE],
        360,
        True,
    ),
    (
        "kriterie-1-socialt-formaal",
        "fact_sheet",
        "Kriterium 1: Et socialt formål",
        "Det første kriterium handler om, hvad virksomheden er til for. Hovedformålet skal være "
        "til gavn for samfundet.",
        """Virksomhedens **hovedformål** skal gavne samfundet. Loven nævner formål inden for:

- det sociale område og beskæftigelse,
- sundhed,
- miljø,
- kultur,
- aktivt medborgerskab.

Formålet skal fremgå af vedtægterne. Det er ikke nok, at virksomheden *også* gør noget godt; det
sociale formål skal være det, virksomheden grundlæggende er sat i verden for.""",
        ["registrering"],
        [ENTREPRENEUR, ENTERPRISE],
        350,
        False,
    ),
    (
        "kriterie-2-erhvervsmaessig-aktivitet",
        "fact_sheet",
        "Kriterium 2: Væsentlig erhvervsmæssig aktivitet",
        "En registreret virksomhed skal leve af at sælge noget. Tilskud og gaver er tilladt, men "
        "salget skal fylde væsentligt.",
        """Salg af varer eller tjenesteydelser skal udgøre en **væsentlig del** af indtægterne.

## Tegn på erhvervsmæssig aktivitet

- Registrering for moms eller lønsumsafgift er et stærkt tegn.
- Tilskud og donationer må gerne findes ved siden af salget.

## Dokumentation

Årsrapporten viser normalt fordelingen. En ny virksomhed kan i stedet sende et budget og en
beskrivelse af aktiviteterne og den andel af indtægterne, de ventes at give.""",
        ["registrering"],
        [ENTREPRENEUR, ENTERPRISE],
        349,
        False,
    ),
    (
        "kriterie-3-uafhaengighed",
        "fact_sheet",
        "Kriterium 3: Uafhængighed af det offentlige",
        "Offentlige myndigheder må ikke have væsentlig indflydelse på, hvordan virksomheden ledes "
        "og drives.",
        """En registreret socialøkonomisk virksomhed skal stå på egne ben. Hverken staten, en
region, en kommune eller selskaber, som de ejer, må have **væsentlig indflydelse** på ledelsen
eller driften.

Det udelukker ikke samarbejde. En kommune kan godt være kunde eller samarbejdspartner, så længe
den ikke styrer virksomheden – for eksempel gennem flertal i bestyrelsen.""",
        ["registrering", "kommuner-og-jobcentre"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY],
        348,
        False,
    ),
    (
        "kriterie-4-inddragende-ledelse",
        "fact_sheet",
        "Kriterium 4: Inddragende og ansvarlig ledelse",
        "Medarbejdere, kunder, samarbejdspartnere og andre interessenter skal inddrages, og "
        "virksomheden skal drives etisk ansvarligt.",
        """Virksomheden skal ledes på en måde, der **inddrager** dem, den er til for og arbejder
med: medarbejdere, kunder, samarbejdspartnere og andre interessenter.

## Sådan kan det se ud

- Medarbejderrepræsentanter i bestyrelsen.
- Faste møder eller råd med brugere og samarbejdspartnere.
- Åben rapportering om resultater og beslutninger.

Samtidig skal virksomheden drives **etisk ansvarligt**, også i forhold til leverandører og
arbejdsvilkår.""",
        ["registrering", "start-og-drift"],
        [ENTREPRENEUR, ENTERPRISE],
        347,
        False,
    ),
    (
        "kriterie-5-overskud",
        "fact_sheet",
        "Kriterium 5: Social håndtering af overskud",
        "Overskuddet skal blive i den sociale sfære. Ejerne kan få et begrænset udbytte, men "
        "aldrig mere end loven tillader.",
        """Overskud efter skat må bruges til:

- geninvestering i virksomheden,
- andre registrerede socialøkonomiske virksomheder,
- almennyttige eller almenvelgørende organisationer,
- et **begrænset** udbytte til ejerne.

## Grænserne for udbytte

Set over hele ejerskabet må ejerne højst få det indskudte kapital tilbage plus et rimeligt
årligt afkast. Afkastet er aldrig rimeligt, hvis det ligger over Nationalbankens diskonto plus 15
procentpoint om året, eller hvis mere end 35 % af årets overskud efter skat udbetales.

Reglerne følger overskuddet – også ved opløsning, kapitalnedsættelse og afregistrering for det
overskud, der er tjent, mens virksomheden var registreret.""",
        ["registrering", "start-og-drift"],
        [ENTREPRENEUR, ENTERPRISE, INVESTOR],
        346,
        True,
    ),
    (
        "det-sociale-regnskab",
        "guide",
        "Det sociale regnskab: hvad skal med hvert år?",
        "Registrerede virksomheder indsender hvert år et socialt regnskab sammen med "
        "årsrapporten. Her er en tjekliste.",
        """Ud over en årsrapport mindst efter regnskabsklasse B – indsendt senest fem måneder
efter regnskabsårets slutning – skal det sociale regnskab indeholde:

1. Vederlag til nuværende og tidligere ledelse, stiftere og ejere.
2. Aftaler med nærtstående parter.
3. Kontanter og aktiver, der er uddelt.
4. En redegørelse for, hvordan virksomheden har arbejdet for sit formål, holdt sig uafhængig og
   inddraget sine interessenter.
5. Hvis der er udbetalt udbytte: beregningen af afkastet på den indskudte kapital.

Mangler regnskabet, kan myndigheden afregistrere virksomheden, når en rimelig frist til at rette
op er gået.""",
        ["registrering"],
        [ENTERPRISE],
        330,
        False,
    ),
    (
        "afregistrering",
        "faq",
        "Hvornår kan en virksomhed blive afregistreret?",
        "Svar på de mest almindelige spørgsmål om at forlade ordningen eller blive fjernet fra "
        "den.",
        """## Kan vi selv bede om at blive afregistreret?

Ja. Virksomheden kan til enhver tid bede om det.

## Kan myndigheden afregistrere os?

Ja, hvis loven ikke overholdes, og en rimelig frist til at rette op er overskredet – for
eksempel hvis det sociale regnskab ikke er indsendt.

## Hvad sker der med overskuddet?

Det overskud, der er tjent i registreringsperioden, er stadig bundet af reglerne om social
håndtering af overskud.""",
        ["registrering"],
        [ENTERPRISE],
        320,
        False,
    ),
    (
        "hvilke-selskabsformer-kan-registreres",
        "faq",
        "Hvilke selskabsformer kan registreres?",
        "Et overblik over, hvilke virksomhedsformer der kan og ikke kan blive registreret "
        "socialøkonomisk virksomhed.",
        """## Kan registreres

A/S, ApS, P/S, A.m.b.A., F.m.b.A., foreninger og erhvervsdrivende fonde – når de har eget
CVR-nummer og er hjemmehørende i Danmark eller et andet EU/EØS-land.

## Kan ikke registreres

Enkeltmandsvirksomheder, små personligt ejede virksomheder og virksomheder i sameje. Interessent-
og kommanditselskaber (I/S og K/S) regnes som sameje og kan derfor heller ikke.

## Hvad med CVR-nummeret?

Et CVR-nummer har otte cifre, hvor det sidste er et kontrolciffer efter modulus 11.""",
        ["registrering", "start-og-drift"],
        [ENTREPRENEUR],
        310,
        False,
    ),
    (
        "fra-ide-til-forretningsplan",
        "guide",
        "Fra idé til forretningsplan",
        "En god idé er ikke nok. Sådan omsætter du det sociale formål til en forretning, der kan "
        "bære sig selv.",
        """## Start med formålet

Skriv i én sætning, hvem eller hvad virksomheden skal gøre en forskel for. Den sætning skal
senere stå i vedtægterne.

## Find kunderne

Hvem betaler? Det er ikke altid dem, formålet gavner. En café med ansatte på særlige vilkår lever
af helt almindelige gæster.

## Regn på det

- Hvad koster det at skabe de sociale resultater (ekstra ledelse, oplæring)?
- Hvor meget skal sælges for at dække det?
- Hvilke indtægter kan komme fra offentlige aftaler, og hvilke fra markedet?

Vækstcentret rådgav om netop denne øvelse; i dag kan du få hjælp hos Erhvervsstyrelsen og den
lokale erhvervsservice.""",
        ["start-og-drift"],
        [ENTREPRENEUR],
        300,
        True,
    ),
    (
        "vaelg-selskabsform",
        "guide",
        "Valg af selskabsform",
        "Forening, ApS eller erhvervsdrivende fond? Selskabsformen afgør, hvem der bestemmer, og "
        "om virksomheden kan registreres.",
        """Der er ikke én rigtig selskabsform. Overvej:

- **Forening**: demokratisk og nem at starte, men kan være svær at skaffe kapital til.
- **ApS eller A/S**: velkendt for banker og investorer; vedtægterne kan binde overskuddet.
- **Erhvervsdrivende fond**: ingen ejere, stærk binding til formålet.

Husk, at en enkeltmandsvirksomhed ikke kan registreres som socialøkonomisk virksomhed.""",
        ["start-og-drift"],
        [ENTREPRENEUR],
        290,
        False,
    ),
    (
        "ansaettelse-af-medarbejdere-paa-saerlige-vilkaar",
        "guide",
        "Medarbejdere på særlige vilkår",
        "Mange socialøkonomiske virksomheder ansætter mennesker, der står uden for "
        "arbejdsmarkedet. Sådan kommer I i gang sammen med jobcentret.",
        """Job med løntilskud, fleksjob og praktik er nogle af de ordninger, jobcentret kan
bruge. Aftal tidligt:

1. Hvilken støtte medarbejderen har brug for.
2. Hvem der følger op, og hvor ofte.
3. Hvordan I dokumenterer udviklingen.

En tæt kontakt til jobcentret gør det lettere at finde de rette kandidater og at fastholde dem.""",
        ["start-og-drift", "kommuner-og-jobcentre"],
        [ENTERPRISE, JOB_CENTRE],
        280,
        False,
    ),
    (
        "samarbejde-med-kommunen",
        "guide",
        "Sådan samarbejder I med kommunen",
        "Kommunen kan være kunde, samarbejdspartner og sparringspartner. Her er de typiske "
        "indgange og faldgruber.",
        """## Find den rette indgang

Start hos erhvervsservice eller jobcentret. Mange kommuner har en kontaktperson for
socialøkonomiske virksomheder.

## Tre former for samarbejde

- **Beskæftigelse**: virksomheden tilbyder praktik og job til borgere fra jobcentret.
- **Indkøb**: kommunen køber varer eller ydelser, eventuelt med sociale klausuler.
- **Partnerskab**: kommune og virksomhed udvikler en indsats sammen.

## Bevar uafhængigheden

Et tæt samarbejde er godt, men kommunen må ikke få væsentlig indflydelse på ledelsen, hvis
virksomheden vil være registreret.""",
        ["kommuner-og-jobcentre"],
        [ENTERPRISE, MUNICIPALITY],
        270,
        True,
    ),
    (
        "kommunens-strategi-for-socialoekonomi",
        "guide",
        "Til kommunen: en strategi for socialøkonomi",
        "Mange kommuner vil gerne støtte socialøkonomiske virksomheder. En enkel strategi gør "
        "indsatsen til mere end enkeltstående projekter.",
        """En strategi behøver ikke være lang. Den bør svare på:

1. Hvilke mål har kommunen – flere i job, bedre velfærd, lokal udvikling?
2. Hvem er kommunens faste indgang for virksomhederne?
3. Hvordan kan indkøb og udbud give plads til socialøkonomiske leverandører?
4. Hvordan måler I, om det virker?

Det var netop sådanne spørgsmål, Vækstcentret hjalp kommunerne med.""",
        ["kommuner-og-jobcentre"],
        [MUNICIPALITY, PUBLIC_BODY],
        260,
        False,
    ),
    (
        "jobcentrets-rolle",
        "fact_sheet",
        "Jobcentrets rolle",
        "Jobcentret kan henvise borgere, bevilge ordninger og følge op. Et kort overblik for "
        "både virksomheder og medarbejdere i kommunen.",
        """- **Henvisning**: jobcentret matcher borgere med virksomheder, der kan tilbyde
  praktik eller job.
- **Ordninger**: løntilskud, fleksjob, mentorstøtte og virksomhedspraktik.
- **Opfølgning**: samtaler med borger og virksomhed undervejs.

Regeringens plan fra 2014 indeholdt også midler til den kommunale indsats og et socialt
vækstprogram.""",
        ["kommuner-og-jobcentre"],
        [JOB_CENTRE, ENTERPRISE],
        250,
        False,
    ),
    (
        "sociale-klausuler-i-udbud",
        "guide",
        "Sociale klausuler i offentlige udbud",
        "Med sociale klausuler kan en offentlig ordregiver stille krav om for eksempel "
        "praktikpladser eller job til ledige. Det åbner døre for socialøkonomiske leverandører.",
        """En social klausul er et krav i en offentlig kontrakt om, at leverandøren skal løfte
en social opgave, mens kontrakten løber.

## Eksempler

- Et antal praktik- eller løntilskudspladser.
- Ansættelse af personer, der har været ledige i længere tid.
- Samarbejde med en socialøkonomisk underleverandør.

## Gode råd til ordregiveren

Gør kravet konkret og målbart, og tal med markedet før udbuddet. Del gerne store opgaver op, så
mindre virksomheder kan byde.""",
        ["udbud-og-indkoeb", "kommuner-og-jobcentre"],
        [MUNICIPALITY, PUBLIC_BODY, ENTERPRISE],
        240,
        False,
    ),
    (
        "byd-paa-offentlige-opgaver",
        "guide",
        "Til virksomheden: byd på offentlige opgaver",
        "Offentlige kunder kan give stabile indtægter. Sådan forbereder I jer på at byde.",
        """1. Hold øje med udbud på udbud.dk og kommunernes egne sider.
2. Læs kravene grundigt – også de sociale klausuler, hvor I kan have en fordel.
3. Overvej at byde sammen med andre, hvis opgaven er stor.
4. Beskriv jeres sociale resultater konkret og med tal.

Spørg ordregiveren, hvis noget er uklart. Spørgsmål og svar deles normalt med alle
tilbudsgivere.""",
        ["udbud-og-indkoeb"],
        [ENTERPRISE],
        230,
        False,
    ),
    (
        "finansiering-overblik",
        "guide",
        "Finansiering: et overblik",
        "Lån, egenkapital, fonde og salg. De fleste socialøkonomiske virksomheder kombinerer "
        "flere kilder.",
        """## Indtægter fra salg

Grundlaget. Jo større en del af indtægterne, der kommer fra salg, jo friere står
virksomheden.

## Fonde og puljer

Gode til opstart, udvikling og dokumentation – sjældent til fast drift.

## Lån

Banker låner til socialøkonomiske virksomheder på almindelige vilkår, når forretningen kan
bære det. Sociale investorer kan være mere tålmodige.

## Egenkapital

Investorer kan skyde penge ind, men husk grænserne for udbytte, hvis virksomheden er
registreret.""",
        ["finansiering"],
        [ENTREPRENEUR, ENTERPRISE, INVESTOR],
        220,
        True,
    ),
    (
        "sociale-investorer",
        "guide",
        "Sociale investorer og fonde",
        "Sociale investorer forventer både et socialt og et økonomisk afkast. Sådan taler I med "
        "dem.",
        """Sociale investorer vil se, at virksomheden kan skabe resultater – både på bundlinjen
og for målgruppen.

- Vis en realistisk forretningsplan.
- Vis, hvordan I måler den sociale effekt.
- Forklar reglerne for udbytte, hvis I er registreret: højst 35 % af årets overskud efter skat og
  et afkast, der ikke overstiger diskontoen plus 15 procentpoint.

Fonde giver ofte tilskud frem for lån, men stiller krav om afrapportering.""",
        ["finansiering"],
        [ENTERPRISE, INVESTOR],
        210,
        False,
    ),
    (
        "dokumenter-den-sociale-effekt",
        "guide",
        "Dokumentér jeres sociale effekt",
        "Kunder, kommuner og investorer vil vide, hvad I opnår. En værktøjskasse til "
        "dokumentation var et af initiativerne i regeringens plan.",
        """Start enkelt:

1. Hvad vil I forandre? Skriv det ned som mål.
2. Hvad kan I tælle? Antal ansatte fra målgruppen, timer i praktik, borgere i job bagefter.
3. Hvad kan I fortælle? Korte beretninger gør tallene levende.

Brug resultaterne i det sociale regnskab, i tilbud og over for investorer.""",
        ["start-og-drift", "finansiering"],
        [ENTERPRISE, INVESTOR, MUNICIPALITY],
        200,
        False,
    ),
    (
        "regeringens-plan-2014",
        "news",
        "Regeringens plan: flere og stærkere socialøkonomiske virksomheder",
        "Ti initiativer og omkring 40 mio. kr. skal gøre det lettere at starte og drive "
        "socialøkonomiske virksomheder.",
        """Regeringen har fremlagt planen "Flere og stærkere socialøkonomiske virksomheder" med
ti initiativer og omkring 40 mio. kr.

## Blandt initiativerne

- Et vækstcenter som én samlet indgang til rådgivning.
- Et nationalt råd for socialøkonomiske virksomheder.
- En ordning for registrering af socialøkonomiske virksomheder.
- En værktøjskasse til at dokumentere social effekt.
- Indsatser i jobcentrene: midler til den kommunale indsats, et socialt vækstprogram og
  partnerskaber med store virksomheder.""",
        ["om-vaekstcentret"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY, JOB_CENTRE],
        dt.date(2014, 9, 3),
        False,
    ),
    (
        "vaekstcentret-aabner",
        "news",
        "Vækstcentret er åbnet",
        "Den 4. september 2014 åbnede Vækstcenter for socialøkonomiske virksomheder. 25 "
        "virksomheder viste deres arbejde frem for gæsterne.",
        """Vækstcenter for socialøkonomiske virksomheder åbnede den 4. september 2014. Centret
skal være én indgang til rådgivning – især for kommuner og iværksættere.

Ved åbningen præsenterede 25 virksomheder deres arbejde og produkter for gæster fra
erhvervslivet, kommunerne og politik.

## Det skal centret

- Rådgive om at starte, drive og udvikle socialøkonomiske virksomheder.
- Samle og dele viden på socialvirksomhed.dk.
- Lette samarbejdet mellem virksomhederne og det offentlige.
- Bringe samarbejdspartnere sammen, blandt andet i netværk.""",
        ["om-vaekstcentret"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY],
        dt.date(2014, 9, 5),
        False,
    ),
    (
        "registreringsordningen-traeder-i-kraft",
        "news",
        "Nu kan virksomheder blive registreret",
        "Fra 1. januar 2015 kan socialøkonomiske virksomheder søge om at blive registreret og "
        "bruge betegnelsen RSV.",
        """Loven om registrerede socialøkonomiske virksomheder trådte i kraft den 1. januar
2015. Virksomheder, der opfylder de fem kriterier, kan nu søge hos Erhvervsstyrelsen.

Kun registrerede virksomheder må kalde sig "registreret socialøkonomisk virksomhed" og bruge
RSV-logoet. Registreringen fremgår af CVR.""",
        ["registrering", "om-vaekstcentret"],
        [ENTERPRISE, ENTREPRENEUR],
        dt.date(2015, 1, 2),
        False,
    ),
    (
        "vaekstcentret-flytter",
        "news",
        "Vækstcentret skifter ministerium",
        "Fra 28. juni 2015 hører indsatsen for socialøkonomiske virksomheder under "
        "erhvervsområdet i stedet for Socialstyrelsen.",
        """Indtil 28. juni 2015 var Vækstcentret en del af Socialstyrelsen. Herefter flyttede
indsatsen for socialøkonomiske virksomheder til Erhvervs- og Vækstministeriet.

For virksomheder og kommuner ændrer flytningen ikke på, hvor de kan få rådgivning: kontakt
Vækstcentret som hidtil.""",
        ["om-vaekstcentret"],
        [ENTERPRISE, MUNICIPALITY],
        dt.date(2015, 6, 29),
        False,
    ),
    (
        "vaekstcentret-lukker",
        "news",
        "Vækstcentret lukker ved årets udgang",
        "Vækstcenter for socialøkonomiske virksomheder lukker ved udgangen af 2015. "
        "Erhvervsstyrelsen overtager rådgivning og registrering.",
        """Vækstcentret lukker ved udgangen af 2015. Rådet for Socialøkonomiske Virksomheder
lukker samtidig.

## Hvor får I hjælp fremover?

Erhvervsstyrelsen overtager både vejledningen og registreringsordningen. I kan stadig ringe på
72 20 00 30.""",
        ["om-vaekstcentret"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY],
        dt.date(2015, 12, 15),
        False,
    ),
    (
        "vaekstcentrets-historie",
        "fact_sheet",
        "Vækstcentrets historie i korte træk",
        "Fra åbningen i september 2014 til lukningen ved udgangen af 2015: de vigtigste datoer.",
        """| Dato | Begivenhed |
| --- | --- |
| 4. september 2014 | Vækstcentret åbner; 25 virksomheder viser deres arbejde frem |
| 1. januar 2015 | Registreringsordningen træder i kraft |
| 28. juni 2015 | Indsatsen flytter fra Socialstyrelsen til erhvervsområdet |
| Udgangen af 2015 | Vækstcentret lukker; Erhvervsstyrelsen overtager |

Centret arbejdede tæt sammen med ministerier, kommuner, erhvervsservice, jobcentre og
regioner.""",
        ["om-vaekstcentret"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY, JOB_CENTRE, INVESTOR, PUBLIC_BODY],
        320,
        False,
    ),
    (
        "nye-netvaerksmoeder",
        "news",
        "Nye netværksmøder for virksomheder og kommuner",
        "I det kommende halve år holder vi netværksmøder rundt i landet om sociale klausuler, "
        "finansiering og samarbejde med jobcentret.",
        """Vi holder igen netværksmøder, hvor socialøkonomiske virksomheder, kommuner og
jobcentre mødes og lærer af hinanden.

Se datoerne og tilmeld dig under Arrangementer. Møderne er gratis, og der er plads til
spørgsmål til vores rådgivere.""",
        ["kommuner-og-jobcentre", "start-og-drift"],
        [ENTERPRISE, MUNICIPALITY, JOB_CENTRE],
        12,
        False,
    ),
    (
        "selvtest-af-de-fem-kriterier",
        "news",
        "Ny selvtest: kan jeres virksomhed registreres?",
        "På fem minutter kan I teste, om jeres virksomhed opfylder de fem kriterier for at "
        "blive registreret som socialøkonomisk virksomhed.",
        """Selvtesten stiller de spørgsmål, sagsbehandlerne ser på, og giver et svar for hvert
af de fem kriterier. Svarene bliver ikke gemt.

Tager I testen, før I søger, ved I, hvad ansøgningen skal dokumentere.""",
        ["registrering"],
        [ENTREPRENEUR, ENTERPRISE],
        40,
        False,
    ),
    (
        "netvaerk-for-socialoekonomiske-virksomheder",
        "guide",
        "Netværk: lær af andre virksomheder",
        "I netværk kan virksomheder dele erfaringer, finde samarbejdspartnere og møde kommuner.",
        """Vækstcentret faciliterede netværk, hvor virksomheder, kommuner og andre aktører
mødtes.

- **Erfaringsudveksling**: hvordan løser andre de samme udfordringer?
- **Samarbejde**: virksomheder kan byde sammen eller levere til hinanden.
- **Kontakt til det offentlige**: kommuner og jobcentre deltager ofte.""",
        ["start-og-drift", "kommuner-og-jobcentre"],
        [ENTERPRISE, MUNICIPALITY],
        190,
        False,
    ),
    (
        "ofte-stillede-spoergsmaal",
        "faq",
        "Ofte stillede spørgsmål om socialøkonomiske virksomheder",
        "Korte svar på det, iværksættere og kommuner oftest spørger om.",
        """## Skal vi være registreret for at være socialøkonomiske?

Nej. Registreringen er frivillig, men giver ret til betegnelsen og logoet.

## Må vi tjene penge?

Ja – det er en forudsætning. Overskuddet skal bare primært gå til formålet.

## Må ejerne få udbytte?

Ja, men begrænset: højst 35 % af årets overskud efter skat, og afkastet må ikke overstige
diskontoen plus 15 procentpoint.

## Hvor lang tid tager registreringen?

Myndigheden skal give afslag inden fire uger, hvis kriterierne ikke er opfyldt.""",
        ["hvad-er-socialoekonomi", "registrering"],
        [ENTREPRENEUR, ENTERPRISE, MUNICIPALITY],
        180,
        False,
    ),
    (
        "cafe-med-job-til-ledige",
        "case",
        "Eksempel: caféen, der ansætter ledige",
        "En tænkt, men typisk sag: en café i en provinsby skaber job til borgere fra jobcentret "
        "og lever af helt almindelige gæster.",
        """*Eksemplet er sammensat til vidensportalen og viser et typisk forløb.*

Caféen startede som en forening og blev senere et ApS med vedtægter, der binder overskuddet. Syv
af de tolv ansatte kom fra jobcentret, flere i fleksjob.

## Det virkede

- En fast kontaktperson i jobcentret.
- En kok med erfaring i oplæring.
- Frokostaftaler med lokale virksomheder gav stabil omsætning.

## Det var svært

Den første vinter var omsætningen lav. En aftale om kantinedrift for kommunen – med en social
klausul – gav økonomien luft.""",
        ["kommuner-og-jobcentre", "start-og-drift"],
        [ENTREPRENEUR, ENTERPRISE, JOB_CENTRE],
        170,
        False,
    ),
    (
        "genbrugsvirksomhed-for-en-sag",
        "case",
        "Eksempel: genbrug, der finansierer en sag",
        "Et sammensat eksempel på en virksomhed, der sælger genbrugsvarer og giver overskuddet "
        "til et miljøformål.",
        """*Eksemplet er sammensat til vidensportalen.*

Virksomheden sælger istandsatte møbler og bruger overskuddet på miljøprojekter i lokalområdet.
Den arbejder altså **for en sag**.

Salget dækker husleje og løn; fondsmidler bruges kun til nye projekter. Hvert år viser det
sociale regnskab, hvor mange tons møbler der er genbrugt, og hvilke projekter overskuddet har
støttet.""",
        ["hvad-er-socialoekonomi", "finansiering"],
        [ENTREPRENEUR, ENTERPRISE],
        160,
        False,
    ),
]

# English translations of a few Danish articles: (Danish slug, slug, title, summary, body).
ENGLISH = [
    (
        "hvad-er-en-socialoekonomisk-virksomhed",
        "what-is-a-social-economic-enterprise",
        "What is a social-economic enterprise?",
        "A social-economic enterprise trades in order to make a difference. These are its main "
        "traits and how it differs from ordinary companies and associations.",
        """A social-economic enterprise is a **private business** that sells goods or services.
What sets it apart is its purpose: earning money is a means to further a social or otherwise
public-benefit aim.

## Traits

- A clear social or public-benefit purpose.
- A significant share of its income comes from trade, not just grants and donations.
- Profit goes mainly to the purpose or is reinvested.
- Employees, customers and other stakeholders are involved in running it.""",
    ),
    (
        "saadan-registrerer-du-virksomheden",
        "how-to-register",
        "How to register as a social-economic enterprise",
        "Registration gives the right to use the designation registered social-economic "
        "enterprise (RSV). These are the steps.",
        """The scheme is based on Act no. 711 of 25 June 2014 and has applied since
1 January 2015. The Danish Business Authority (Erhvervsstyrelsen) handles applications.

1. Make sure the articles of association state the social purpose and the profit rules.
2. Collect the company details, the articles and the latest annual report (or a budget).
3. Apply; the board vouches that the information is correct.
4. The authority checks the five criteria and must refuse within four weeks if they are not met.
5. The registration shows in the CVR register.

Changes must be reported within 14 days.""",
    ),
    (
        "vaekstcentrets-historie",
        "history-of-the-centre",
        "The centre's history in brief",
        "From the opening in September 2014 to the closure at the end of 2015.",
        """| Date | Event |
| --- | --- |
| 4 September 2014 | The centre opens; 25 enterprises present their work |
| 1 January 2015 | The registration scheme comes into force |
| 28 June 2015 | The work moves from the social services board to the business ministry |
| End of 2015 | The centre closes; Erhvervsstyrelsen takes over |""",
    ),
]

# Each audience's "start here" path on the home page's "Hvem er du?" entries, in order.
START_PATHS = {
    ENTREPRENEUR: [
        "hvad-er-en-socialoekonomisk-virksomhed",
        "fra-ide-til-forretningsplan",
        "vaelg-selskabsform",
        "finansiering-overblik",
        "saadan-registrerer-du-virksomheden",
    ],
    MUNICIPALITY: [
        "hvad-er-en-socialoekonomisk-virksomhed",
        "kommunens-strategi-for-socialoekonomi",
        "samarbejde-med-kommunen",
        "sociale-klausuler-i-udbud",
        "jobcentrets-rolle",
    ],
    ENTERPRISE: [
        "saadan-registrerer-du-virksomheden",
        "det-sociale-regnskab",
        "dokumenter-den-sociale-effekt",
        "byd-paa-offentlige-opgaver",
        "sociale-investorer",
    ],
    JOB_CENTRE: [
        "jobcentrets-rolle",
        "ansaettelse-af-medarbejdere-paa-saerlige-vilkaar",
        "samarbejde-med-kommunen",
    ],
    INVESTOR: [
        "hvad-er-en-socialoekonomisk-virksomhed",
        "sociale-investorer",
        "kriterie-5-overskud",
        "dokumenter-den-sociale-effekt",
    ],
    PUBLIC_BODY: [
        "kommunens-strategi-for-socialoekonomi",
        "sociale-klausuler-i-udbud",
    ],
}
