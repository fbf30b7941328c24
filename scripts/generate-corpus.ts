/**
 * Composes varied Dutch youth-care stories from templates, for speed tests and development
 * (never for judging quality: real stories are far less tidy).
 *
 *   node --import tsx scripts/generate-corpus.ts --count 1000 [--seed 1] > corpus.jsonl
 *
 * Each line: {"id": "...", "text": "...", "theme": "..."}. A story mixes 2–4 sentences of its
 * theme with everyday sentences and, sometimes, one sentence from another theme.
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { seededRandom, type Random } from '../workers/pipelines/text/random.ts';

export interface GeneratedStory {
  id: string;
  text: string;
  theme: string;
}

const SLOTS: Record<string, string[]> = {
  wie: ['mijn mentor', 'de gezinsvoogd', 'mijn begeleider', 'de jeugdarts', 'de hulpverlener', 'de behandelaar', 'de groepsleider', 'mijn pleegmoeder', 'de psycholoog', 'iemand van het wijkteam', 'de jeugdbeschermer', 'mijn coach'],
  duur: ['drie maanden', 'een half jaar', 'meer dan een jaar', 'acht maanden', 'twee jaar', 'vijf weken', 'bijna een jaar', 'vier maanden'],
  gevoel: ['boos', 'verdrietig', 'moe', 'bang', 'teleurgesteld', 'onzeker', 'opgelucht', 'blij', 'gefrustreerd', 'eenzaam', 'machteloos'],
  plek: ['de groep', 'het pleeggezin', 'school', 'thuis', 'de instelling', 'het gezinshuis', 'de crisisopvang', 'de woongroep', 'de kliniek'],
  kind: ['mijn zoon', 'mijn dochter', 'ons kind', 'mijn broertje', 'mijn zusje', 'mijn pleegzoon', 'onze jongste', 'mijn oudste'],
  dag: ['maandag', 'gisteren', 'vorige week', 'laatst', 'in de zomer', 'na de kerstvakantie', 'vanochtend', 'vorig jaar'],
  ding: ['fiets', 'telefoon', 'hond', 'voetbal', 'huiswerk', 'muziek', 'tekening', 'verjaardag', 'bijbaan', 'kamer', 'vriendin', 'opa', 'oma', 'tablet', 'game', 'zwemles', 'stage', 'bus', 'trein', 'kat'],
};

const THEMES: Record<string, string[]> = {
  wachtlijst: [
    'We stonden {duur} op de wachtlijst voordat er iets gebeurde.',
    'De wachttijd was veel te lang, {duur} wachten op een intake.',
    'Niemand kon zeggen hoe lang we nog moesten wachten.',
    'Er was geen plek, overal wachtlijsten.',
    'Ondertussen ging het steeds slechter met {kind} omdat we moesten wachten.',
    'Pas na {duur} kregen we eindelijk een eerste gesprek.',
    'De huisarts verwees ons door maar de wachtlijst bleef maar duren.',
    'Ik belde elke week om te vragen of we al aan de beurt waren.',
    'Door de lange wachttijd zat ik {duur} thuis zonder hulp.',
    'We werden van de ene wachtlijst naar de andere gestuurd.',
  ],
  gehoord: [
    '{wie} luisterde niet naar wat ik wilde.',
    'Er werd over mij gepraat in plaats van met mij.',
    'Ik mocht niet meebeslissen over mijn eigen plan.',
    'Eindelijk werd ik gehoord en mocht ik zelf kiezen.',
    'Mijn mening telde niet mee bij het besluit.',
    'In het gesprek kreeg ik bijna geen kans om iets te zeggen.',
    'Ze namen beslissingen zonder het aan mij te vragen.',
    'Ik voelde me serieus genomen toen {wie} echt naar me luisterde.',
    'Het voelde alsof mijn stem er niet toe deed.',
    'Ik wil gewoon meepraten over mijn eigen leven.',
  ],
  vertrouwen: [
    'Met {wie} had ik echt een klik, ik vertrouwde haar.',
    'Het duurde lang voordat ik {wie} durfde te vertrouwen.',
    'Een vaste begeleider die je kent maakt zoveel verschil.',
    'Ik kon bij {wie} altijd terecht, ook als het slecht ging.',
    'Het vertrouwen was weg nadat {wie} mijn geheim doorvertelde.',
    'Je hebt iemand nodig die naast je staat en je niet laat vallen.',
    '{wie} nam de tijd en stelde me gerust.',
    'Ik voelde me veilig bij mijn vaste begeleider.',
    'De band met {wie} hielp me meer dan welke behandeling ook.',
  ],
  hulpverleners: [
    'Ik heb in {duur} wel zes verschillende hulpverleners gehad.',
    'Steeds weer moest ik mijn verhaal opnieuw vertellen.',
    'Elke keer een nieuw gezicht, ik werd er moe van.',
    'Er was niet één contactpersoon die het overzicht had.',
    'De hulpverleners wisten niet van elkaar wat ze deden.',
    'Ik wil één vast aanspreekpunt in plaats van tien instanties.',
    'Weer een nieuwe begeleider, weer alles uitleggen.',
    'De overdracht tussen de hulpverleners ging steeds mis.',
    'Ik raakte de tel kwijt van alle mensen die bij ons thuis kwamen.',
  ],
  achttien: [
    'Toen ik achttien werd stopte de hulp ineens.',
    'Na mijn 18e verjaardag moest ik het allemaal zelf regelen.',
    'Niemand had me voorbereid op zelfstandig wonen.',
    'De overgang naar volwassen worden ging veel te snel.',
    'Nazorg was er niet, ik stond er na mijn achttiende alleen voor.',
    'Ik moest ineens mijn eigen huur, zorgverzekering en toeslagen regelen.',
    'Met 18 jaar uit de jeugdzorg en dan val je tussen wal en schip.',
    'Verlengde jeugdzorg tot 21 zou mij echt geholpen hebben.',
    'Ik kreeg schulden omdat niemand me uitlegde hoe het werkt als je volwassen bent.',
  ],
  privacy: [
    'Ik wist niet wie mijn dossier allemaal kon lezen.',
    'Ze deelden informatie met mijn ouders zonder mijn toestemming.',
    'Mijn verhaal is van mij, ik wil zelf bepalen wie het hoort.',
    'In mijn dossier stonden dingen die niet klopten.',
    'Ik wil mijn gegevens kunnen inzien en laten verbeteren.',
    'Op school wist iedereen ineens van mijn situatie.',
    'Er werd over mij gemaild met mensen die ik niet kende.',
    'Ik schaamde me omdat mijn privacy niet werd gerespecteerd.',
  ],
  uithuisplaatsing: [
    'Ik werd uit huis geplaatst en wist niet waarom.',
    'Op de gesloten groep voelde ik me niet veilig.',
    'Ze deden me in de separeer en dat was heel eng.',
    'In de crisisopvang moest ik mijn kamer delen met iemand die agressief was.',
    'Ik miste mijn familie toen ik in het pleeggezin woonde.',
    'De uithuisplaatsing kwam als een schok voor ons hele gezin.',
    'In de gesloten jeugdzorg mocht ik bijna nooit naar buiten.',
    'Er waren vechtpartijen op de groep en de leiding greep niet in.',
    'Na de overplaatsing naar een andere instelling moest ik weer opnieuw beginnen.',
  ],
  bureaucratie: [
    'Er waren zoveel formulieren en regels dat ik er gek van werd.',
    'De gemeente en de zorgaanbieder schoven ons van het kastje naar de muur.',
    'Door personeelstekort werden afspraken steeds afgezegd.',
    'De begeleiders hadden het veel te druk en waren vaak ziek.',
    'Het ging meer over indicaties en budget dan over ons kind.',
    'Mijn vaste begeleider vertrok en de opvolger kwam pas na weken.',
    'Alles moest eerst langs een commissie voordat er iets mocht.',
    'Ze hadden meer tijd voor de computer en verslagen dan voor ons.',
    'De beschikking van de gemeente liet maanden op zich wachten.',
  ],
  labels: [
    'Ik kreeg heel snel een diagnose, ADHD, en daarna keek niemand verder.',
    'Ze plakten een label op mij en zagen mij niet meer.',
    'Mijn zoon werd gezien als het probleem terwijl er thuis veel speelde.',
    'De psychiater schreef meteen medicijnen voor zonder goed te kijken.',
    'Door het etiket autisme werd alles wat ik deed daaraan gekoppeld.',
    'Ik ben meer dan mijn stoornis.',
    'Ze testten {kind} en de uitslag bepaalde ineens alles.',
    'Na de diagnose kreeg ik alleen nog maar behandelingen en geen gewone kansen.',
  ],
  gezin: [
    'Er was alleen aandacht voor {kind} en niet voor het hele gezin.',
    'Wij als ouders kregen geen ondersteuning terwijl we het zwaar hadden.',
    'Het hielp pas toen ze met ons allemaal samen aan tafel gingen.',
    'Broertjes en zusjes werden vergeten in de hulp.',
    'Ik had zelf ook hulp nodig als moeder, maar daar was geen ruimte voor.',
    'De gezinscoach kwam bij ons thuis en keek naar het geheel.',
    'Onze problemen met geld en wonen werden niet meegenomen.',
    'Ze zagen niet dat het hele gezin onder druk stond.',
  ],
};

const EVERYDAY = [
  'Ik ben {gevoel} als ik eraan terugdenk.',
  '{dag} ging het eigenlijk wel goed met mijn {ding}.',
  'Verder vind ik mijn {ding} en mijn {ding} belangrijk.',
  'Het was een rare tijd.',
  'Ik schrijf dit omdat ik wil dat het beter wordt voor anderen.',
  'Soms denk ik er nog aan als ik in de {ding} zit.',
  'Ik woon nu bij {plek} en ga naar school.',
  'Mijn moeder zegt dat ik dit moet opschrijven.',
  'Ik hoop dat iemand dit leest.',
  'We zijn nu {duur} verder.',
  '{dag} was ik met mijn {ding} bezig en toen dacht ik hieraan.',
  'Ik weet niet of dit ergens helpt.',
  'Het is moeilijk om dit te vertellen.',
];

function fill(template: string, random: Random): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => pick(SLOTS[slot]!, random));
}

function pick<T>(items: readonly T[], random: Random): T {
  return items[Math.floor(random() * items.length)]!;
}

function capitalise(sentence: string): string {
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}

export function generateCorpus(count: number, seed = 1): GeneratedStory[] {
  const random = seededRandom(seed);
  const themeNames = Object.keys(THEMES);
  const stories: GeneratedStory[] = [];
  for (let i = 0; i < count; i++) {
    const theme = pick(themeNames, random);
    const sentences: string[] = [];
    const own = [...THEMES[theme]!];
    const ownCount = 2 + Math.floor(random() * 3);
    for (let s = 0; s < ownCount && own.length > 0; s++) sentences.push(own.splice(Math.floor(random() * own.length), 1)[0]!);
    if (random() < 0.3) sentences.push(pick(THEMES[pick(themeNames, random)]!, random));
    const everydayCount = 1 + Math.floor(random() * 3);
    for (let s = 0; s < everydayCount; s++) {
      const position = Math.floor(random() * (sentences.length + 1));
      sentences.splice(position, 0, pick(EVERYDAY, random));
    }
    const text = sentences.map((sentence) => capitalise(fill(sentence, random))).join(' ');
    stories.push({ id: `gen-${seed}-${String(i).padStart(6, '0')}`, text, theme });
  }
  return stories;
}

function main(): void {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '1000' }, seed: { type: 'string', default: '1' } } });
  for (const story of generateCorpus(Number(values.count), Number(values.seed))) process.stdout.write(`${JSON.stringify(story)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
