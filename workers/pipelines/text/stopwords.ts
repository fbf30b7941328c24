import { createRequire } from 'node:module';
import { normalizeWord } from './normalize.ts';

const require = createRequire(import.meta.url);
const iso = (require('stopwords-iso') as Record<string, string[]>).nl ?? [];

/**
 * Words in the stopwords-iso list that carry meaning in stories about care, so they stay
 * features: feeling alone or unsure, missing someone, being too late.
 */
const KEEP = ['onzeker', 'missen', 'alleen', 'eigen', 'samen', 'later', 'klaar', 'zonder'];

/**
 * Spoken and written filler the iso list lacks: clitics ("m'n", "'t", "k"), chat spelling,
 * intensifiers and discourse words found in transcripts of voice notes.
 */
const COLLOQUIAL = [
  'mn', 'zn', 'dr', 'ns', 't', 'k', 's', 'n', 'm', 'd', 'r', 'ie', 'ut', 'em',
  'haha', 'hahaha', 'lol', 'poh', 'doei', 'hoi', 'xd', 'x', 'xx', 'xxx',
  'heel', 'echt', 'erg', 'best', 'super', 'zo', 'zon', 'toch', 'gewoon', 'eigenlijk', 'soms',
  'beetje', 'even', 'nou', 'hoor', 'he', 'hè', 'eh', 'uh', 'uhm', 'ehm', 'oke', 'oké', 'ok',
  'ofzo', 'enzo', 'enz', 'dingen', 'ding', 'iets', 'keer', 'wel', 'nog', 'al', 'mee',
  'jij', 'jouw', 'jullie', 'hunne', 'hen', 'ermee', 'erover', 'ervan', 'erop', 'eraan',
  'waarin', 'waarop', 'waarvan', 'waarmee', 'daarvan', 'daarmee', 'daaraan', 'daarover',
  'hierover', 'hiervan', 'zei', 'zegt', 'zeggen', 'gezegd', 'ga', 'gaat', 'gaan', 'ging',
  'gingen', 'gegaan', 'kom', 'komt', 'komen', 'kwam', 'kwamen', 'gekomen', 'krijg', 'krijgt',
  'kreeg', 'kregen', 'gekregen', 'krijgen', 'vind', 'vindt', 'vond', 'vonden', 'vinden',
  'gevonden', 'heb', 'had', 'hadden', 'ben', 'bent', 'was', 'waren', 'word', 'wordt',
  'werd', 'werden', 'geworden', 'weet', 'weten', 'wist', 'wisten', 'denk', 'denkt',
  'dacht', 'dachten', 'laat', 'laten', 'liet', 'lieten', 'staat', 'stond', 'zit', 'zat',
  'doe', 'doet', 'deed', 'deden', 'gedaan', 'hoef', 'hoeft', 'hoefde', 'hoeven', 'kunnen',
  'moeten', 'willen', 'wou', 'wilde', 'zouden', 'zullen', 'ook', 'nu', 'dan', 'daar',
  'hier', 'waar', 'steeds', 'altijd', 'vaak', 'paar', 'elk', 'veel', 'meer', 'weer',
  'allemaal',
];

/** Stop words for features: function words and filler. Normalised forms. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  [...iso, ...COLLOQUIAL].map(normalizeWord).filter((word) => !KEEP.includes(word)),
);

/**
 * Extra words never shown as theme keywords or in a proposed label. They are generic in
 * youth-care stories (every story has help, care, a child, a parent), so they can still
 * count as features (tags need them) but make useless labels.
 */
const LABEL_ONLY = [
  'jeugdzorg', 'jeugdhulp', 'zorg', 'hulp', 'help', 'helpen', 'geholpen', 'kind', 'kinderen',
  'ouder', 'ouders', 'moeder', 'vader', 'mama', 'papa', 'zoon', 'dochter', 'mensen', 'mens',
  'iemand', 'ik', 'mij', 'mijn', 'we', 'wij', 'ons', 'onze', 'verhaal', 'vertellen',
  'voelde', 'voelen', 'voel', 'gevoel', 'goed', 'slecht', 'fijn', 'moeilijk', 'lang', 'kort',
  'nieuw', 'nieuwe', 'groot', 'grote', 'klein', 'kleine', 'eerst', 'laatste', 'volgende',
  'gebeurd', 'gebeurt', 'gebeuren', 'zien', 'zag', 'gezien', 'kijken', 'praten', 'geven',
  'gaf', 'gegeven', 'nemen', 'nam', 'genomen', 'maken', 'gemaakt', 'vragen', 'vroeg',
  'gevraagd', 'snap', 'snappen', 'begrijp', 'begrijpen', 'hebben', 'zijn', 'worden', 'niet',
  'geen', 'nooit', 'alleen', 'samen', 'later', 'klaar', 'eigen', 'zonder', 'instelling',
  'jaar', 'jaren', 'maand', 'maanden', 'week', 'weken', 'dag', 'dagen', 'tijd',
];

export const LABEL_STOP_WORDS: ReadonlySet<string> = new Set([
  ...STOP_WORDS,
  ...LABEL_ONLY.map(normalizeWord),
]);
