import stopwordsIso from 'stopwords-iso' with { type: 'json' };

/*
 * Dutch words that steer name detection. Our own lists (no third-party data): roles and titles that
 * announce a person, words that announce a name, and capitalised words that are not people.
 */

const words = (s: string) => new Set(s.trim().split(/\s+/));

export const STOPWORDS: ReadonlySet<string> = new Set(stopwordsIso.nl);

/** Roles, titles and relations written right before a person's name: "juf Sanne", "mijn voogd Ahmed". */
export const TITLE_CUES = words(`
  juf juffrouw meester meneer mevrouw mevr mw dhr heer mr mrs dr drs ir prof mej zuster broeder
  tante oom opa oma neef nicht neefje nichtje broer broertje zus zusje zuster vader moeder papa mama
  pa ma zoon zoontje dochter dochtertje stiefvader stiefmoeder stiefbroer stiefzus halfbroer halfzus
  pleegvader pleegmoeder pleegbroer pleegzus pleegzusje pleegbroertje pleegouder pleegmama pleegpapa
  vriend vriendin vriendje vriendinnetje buurman buurvrouw buurjongen buurmeisje klasgenoot
  mentor mentrix voogd gezinsvoogd jeugdbeschermer jeugdbeschermster begeleider begeleidster
  behandelaar behandelaarster psycholoog psychologe psychiater therapeut therapeute hulpverlener
  hulpverleenster jeugdhulpverlener coach gezinscoach casemanager regisseur consulent jeugdconsulent
  wijkcoach jeugdarts arts huisarts dokter orthopedagoog pedagoog groepsleider groepsleidster
  verpleegkundige sociotherapeut logopedist fysiotherapeut jongerenwerker werker contactpersoon
  vertrouwenspersoon jeugdreclasseerder zorgcoördinator gezinsbegeleider docent leraar lerares
  directeur directrice trainer wijkagent agent advocaat advocate collega teamleider manager
`);

/** Words that announce a name: "ik heet Sanne", "een jongen genaamd Daan", "naam: Sanne". */
export const NAMING_CUES = words('heet heette heten genaamd noemen noemt noemde naam bijnaam roepnaam');

/** Greetings and sign-offs that stand before a name: "Hoi Sanne", "Groetjes, Daan". */
export const GREETINGS = words('hoi hallo hey hee hi dag beste lieve liefs groetjes groeten groet doei');

/** Words after which a lower-case name or a word-like name is likely a person: "ik zei tegen sanne". */
export const INTERACTION_CUES = words(`
  tegen met aan bij voor en of door zonder naast dankzij samen zei zegt vroeg vraagt belde belt appte appt
  mailde zag zie ken kende vertelde vertel vind vond mis mist miste
`);

/** Verbs that follow a person: "Roos zei", "Storm belde". */
export const SPEECH_VERBS = words(`
  zei zegt vroeg vraagt belde belt appte appt mailde vertelde vertelt riep roept antwoordde antwoordt
  luisterde luistert snapte snapt begreep begrijpt hielp helpt kwam komt legde legt
`);

/**
 * Groups after "uit"/"van" that make the word before a person: "Kas uit mijn klas", "Roos van de
 * dagbesteding".
 */
export const PERSON_GROUPS = words(`
  klas groep team club buurt straat school flat gezin familie dagbesteding wijkteam jeugdteam buurtteam
  gebiedsteam leefgroep woongroep crisisgroep gezinshuis jongerenraad gemeente
`);

/** Things that have names too: after "de groep heet" or "mijn hond heet" comes no person. */
export const NAMED_THINGS = words(`
  groep leefgroep woongroep crisisgroep afdeling unit instelling locatie woonvorm school klas huis gebouw
  organisatie project app website team stichting club vereniging boerderij zorgboerderij programma
  training cursus methode hond kat konijn paard cavia
`);

/** Capitalised words after a name that make it part of an organisation: "Emma Kinderziekenhuis". */
export const INSTITUTION_WORD =
  /(?:ziekenhuis|kliniek|school|college|lyceum|academie|huis|centrum|stichting|groep|instituut|fonds|hof|oord)$/;

/** Particles inside Dutch and other surnames: "van der Meer", "in 't Veld", "El Amrani". */
export const SURNAME_PARTICLES = words(`van de der den ter ten 't in op la le el al ben bin abu da di du del della dos das von vom zu`);

/** Subject pronouns; one right after the first word of a sentence makes that word a verb. */
export const PRONOUNS = words('ik je jij u we wij ze zij hij jullie');

/** Articles before a capitalised word make it a thing or an organisation: "de Efteling", "het Jeugdfonds". */
export const ARTICLES = words('de het een');

/** Sentence openers and forms of address that are also in the first-name list. */
export const COMMON_WORDS = words(`
  lieve beste hoi hallo hey dag groetjes liefs groeten mama papa mam pap oma opa soms daarna gisteren
  vandaag morgen eerst verder ook ja nee sorry oke oké help echt super heel zelfs vooral alleen jammer
  gelukkig helaas eindelijk mijn ons onze jouw hun thuis school werk huis kind kinderen meisje jongen
  baby broer zus juf meester groep klas liefde hoop vrede geluk
`);

/** Capitalised words that are not people: feasts, faiths, apps, shops, services in youth care. */
export const NOT_PEOPLE = words(`
  god allah jezus heer here kerst kerstmis pasen pinksteren sinterklaas ramadan suikerfeest offerfeest
  corona covid islam instagram insta snapchat snap tiktok whatsapp youtube netflix google facebook
  discord minecraft fortnite roblox playstation xbox nintendo efteling jumbo lidl aldi hema action
  kruidvat primark zara mcdonalds kindertelefoon jeugdzorg jeugdbescherming jeugdreclassering ggz ggd
  wijkteam kinderbescherming veilig thuis uwv duo politie jeugdhulp zorgverzekeraar gemeente
  nederlands engels frans duits spaans italiaans portugees pools turks koerdisch arabisch marokkaans
  berbers tamazight surinaams antilliaans papiaments somalisch eritrees tigrinya amhaars syrisch
  afghaans perzisch farsi oekraïens russisch roemeens bulgaars chinees hindi hindoestaans fries
  limburgs brabants nederlander nederlanders marokkaan turk
`);

/**
 * Organisations whose names contain a person's name or a name-like word, and sayings built on
 * names ("Jan en alleman" is everybody); never masked.
 */
export const NOT_PEOPLE_PHRASES = [
  'veilig thuis', 'raad voor de kinderbescherming', 'leger des heils', 'william schrikker', 'alles oké',
  'de kindertelefoon', 'rode kruis', 'bureau jeugdzorg', 'sociaal wijkteam', 'ronald mcdonald',
  'jan en alleman', 'jan modaal', 'jan met de pet', 'klaas vaak', 'pietje precies', 'jut en jul',
  'jantje lacht', 'jantje huilt', 'zwarte piet', 'de kerstman', 'oud en nieuw', 'albert heijn',
];
