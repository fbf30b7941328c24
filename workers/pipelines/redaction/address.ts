import type { Span } from './types.ts';

const STREET_SUFFIX =
  'straat|laan|weg|plein|gracht|kade|singel|dijk|hof|hoven|pad|steeg|dreef|park|baan|markt|wal|haven|allee|boulevard|plantsoen|erf|vaart|wetering|veld|akker|gaarde|burgwal|dwarsweg';
/** A house number: 12, 12a, 12 A, 12-2, 3-II, 12/3, 12 bis, 12 hs. */
const HOUSE_NUMBER = String.raw`\d{1,4}(?:(?: ?[a-zA-Z])(?![\p{L}\p{N}])|[-\/](?:\d{1,3}|[IVX]{1,4}|[a-zA-Z])(?![\p{L}])|\s(?:bis|hs|huis|I{1,3})(?![\p{L}]))?`;
/** "Kerkstraat nr. 12", "Dorpsweg huisnummer 3". */
const NUMBER_WORD = String.raw`(?:(?:huisnummer|nummer|nr\.?|no\.?)\s*)?`;
/** "Kerkstraat 2 keer" is a street in a sentence, not an address. */
const NOT_A_UNIT = String.raw`(?!\s*(?:keer|x|dag|dagen|week|weken|maand|maanden|jaar|jaren|uur|min|minuten|euro|km|kilometer|meter|kinderen|mensen|personen|%)(?![\p{L}]))`;
/** The street type as a word of its own after a capitalised word: "Oude Gracht", "Lange Dijk". */
const STREET_TYPE_WORD = STREET_SUFFIX.split('|').map((w) => w[0]!.toUpperCase() + w.slice(1)).join('|');
const STREET_WITH_NUMBER = new RegExp(
  String.raw`(?<![\p{L}])(?:[\p{L}'’\-]{2,}(?:${STREET_SUFFIX})|\p{Lu}[\p{L}'’\-]+ (?:${STREET_TYPE_WORD})),?\s+${NUMBER_WORD}${HOUSE_NUMBER}(?![\p{N}])${NOT_A_UNIT}`,
  'gu');
/** Streets that start with their type: "Laan van Meerdervoort 12", "Plein 1813 nr. 4" is left out. */
const STREET_TYPE_FIRST = new RegExp(
  String.raw`(?<![\p{L}])(?:Laan|Plein|Kade|Dreef|Singel|Gracht|Straatweg|Weg|Park|Hof|Dijk|Burgwal)\s+(?:(?:van|de|der|den|het|'t|ten|ter|op|aan|in|bij)\s+){1,3}\p{Lu}[\p{L}'’\-]*(?:\s\p{Lu}[\p{L}'’\-]*)?\s+${HOUSE_NUMBER}(?![\p{N}])${NOT_A_UNIT}`,
  'gu');
/** "Ik woon op Lange Voorhout 5": after a word about living somewhere, capitalised words and a number are an address. */
const LIVING_AT = new RegExp(
  String.raw`(?<![\p{L}])(?:woon|woont|wonen|woonde|woonden|adres\s+is|verhuisd\s+naar|verhuizen\s+naar)\s+(?:(?:op|aan|in|naar)\s+)?(?:(?:de|het)\s+)?((?:\p{Lu}[\p{L}'’\-]*\s+){1,3}${HOUSE_NUMBER})(?![\p{N}])${NOT_A_UNIT}`,
  'gu');

/**
 * Words that may lead a street name: "Burg. de Withstraat", "Van Goghstraat", "Prins Hendrikkade";
 * titles also in lower case, as people type them ("prins hendrikkade").
 */
const LEADING_WORD = /(?:(\p{Lu}[\p{L}'’\-]*\.?|(?<![\p{L}])(?:prins|prinses|koning|koningin|burgemeester|graaf|gravin|hertog|admiraal|generaal|kapitein|pastoor|dokter|sint|oude|nieuwe|lange|korte|hoge|lage|grote|kleine))|(\p{Lu}[\p{Ll}]{0,4}\.)|(van|de|der|den|het|'t|ten|ter|v\.d\.))\s+$/u;
const NOT_LEADING = new Set(['ik', 'we', 'wij', 'jij', 'je', 'hij', 'zij', 'ze', 'mijn', 'onze', 'ons', 'de', 'het', 'een', 'in', 'op', 'aan', 'naar', 'bij', 'die', 'dat', 'deze', 'dit', 'en', 'of', 'maar', 'toen', 'nu', 'hier', 'daar', 'wij', 'u']);
const PARTICLE = /^(?:van|de|der|den|het|'t|ten|ter|v\.d\.)$/;

/** Walks back over capitalised words, title abbreviations and particles that belong to the street name. */
function extendStreetStart(text: string, start: number): number {
  let begin = start;
  let lastWordStart = start;
  for (let steps = 0; steps < 4; steps++) {
    const m = LEADING_WORD.exec(text.slice(Math.max(0, begin - 40), begin));
    if (!m) break;
    const word = (m[1] ?? m[2] ?? m[3])!;
    if (m[1] && NOT_LEADING.has(word.toLowerCase())) break;
    begin -= m[0].length;
    if (!PARTICLE.test(word)) lastWordStart = begin;
  }
  // Particles only belong to the name when a capitalised word precedes them ("Burg. de With…", not "op de Kerkstraat").
  return lastWordStart;
}

export function detectStreetAddresses(text: string): Span[] {
  const spans: Span[] = [];
  const add = (start: number, end: number) => {
    if (!spans.some((s) => s.start < end && start < s.end)) spans.push({ start, end, kind: 'street_address' });
  };
  for (const m of text.matchAll(STREET_WITH_NUMBER)) add(extendStreetStart(text, m.index), m.index + m[0].length);
  for (const m of text.matchAll(STREET_TYPE_FIRST)) add(m.index, m.index + m[0].length);
  for (const m of text.matchAll(LIVING_AT)) add(m.index + m[0].length - m[1]!.length, m.index + m[0].length);
  return spans.sort((a, b) => a.start - b.start);
}

/** Dutch postcode: four digits (not starting with 0) and two letters; SA, SD and SS are never issued. */
const POSTCODE = /(?<![\p{L}\p{N}])[1-9]\d{3}(?: ?(?!SA|SD|SS)[A-Z]{2}|(?!sa|sd|ss)[a-z]{2})(?![\p{L}\p{N}])/gu;
const NUMBER_BEFORE = /(?<![\p{N}])\d{1,3}[a-zA-Z]?(?![\p{N}])[^\p{N}]{0,40}$/u;
const NUMBER_AFTER = new RegExp(String.raw`^[\s,\-]*${NUMBER_WORD}${HOUSE_NUMBER}(?![\p{N}])`, 'u');

/**
 * A postcode counts as an address when a house number stands near it: right after it ("1234 AB 12",
 * "1234AB, nr 5", which the span takes along) or before it, with the street ("Kerkstraat 12, 1234 AB").
 */
export function detectPostcodeAddresses(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(POSTCODE)) {
    let end = m.index + m[0].length;
    const numberAfter = NUMBER_AFTER.exec(text.slice(end, end + 30));
    const numberBefore = NUMBER_BEFORE.test(text.slice(Math.max(0, m.index - 45), m.index));
    if (!numberAfter && !numberBefore) continue;
    if (numberAfter) end += numberAfter[0].length;
    spans.push({ start: m.index, end, kind: 'postcode_address' });
  }
  return spans;
}
