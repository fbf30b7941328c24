import type { NameLexicon } from './lexicon.ts';
import type { Token } from './tokens.ts';
import type { Span } from './types.ts';
import {
  ARTICLES, COMMON_WORDS, GREETINGS, INSTITUTION_WORD, INTERACTION_CUES, NAMED_THINGS, NAMING_CUES, NOT_PEOPLE,
  PERSON_GROUPS, PRONOUNS, SPEECH_VERBS, STOPWORDS, SURNAME_PARTICLES, TITLE_CUES,
} from './vocabulary.ts';

/*
 * Person names from lists plus context. A capitalised word in the middle of a sentence that is a
 * known first name is a name; at the start of a sentence it must not also be a common word.
 * Cues before the word (a role, "heet", a greeting) let through names missing from the lists and
 * names typed in lower case. Word-like names (Roos, Storm) need a cue.
 */

/** A name this common is a name even where it is also a word (Eva, Peter, Bram). */
const COMMON_NAME_COUNT = 2000;
/** A place name wins over a first name unless the name is this common (Leon, Axel). */
const PLACE_OVER_NAME_COUNT = 1000;
/** Lower-case words count as names only when they are fairly common first names. */
const LOWERCASE_NAME_COUNT = 200;

type Cue = 'title' | 'naming' | 'greeting' | 'weak' | 'interaction';

class NameFinder {
  /**
   * @param blocked indexes of tokens inside an organisation's name ("Veilig Thuis", a provider),
   *   which never count as a person
   */
  constructor(
    private readonly lexicon: NameLexicon,
    private readonly tokens: readonly Token[],
    private readonly blocked: ReadonlySet<number> = new Set(),
  ) {}

  /** Index of the last token of the name found most recently, for "De Vries en Bakker". */
  private lastNameEnd = -1;

  find(): Span[] {
    const spans: Span[] = [];
    this.lastNameEnd = -1;
    for (let i = 0; i < this.tokens.length; i++) {
      const end = this.nameAt(i);
      if (end === -1) continue;
      const start = this.initialsBefore(i);
      spans.push({ start: this.tokens[start]!.start, end: this.tokens[end]!.end, kind: 'name' });
      this.lastNameEnd = end;
      i = end;
    }
    return spans;
  }

  /** "Sanne en Roos", "De Vries of Bakker", "Sanne, Daan, Roos": joined to a name just found. */
  private joinedToName(i: number): boolean {
    const t = this.tokens[i]!;
    if (t.sentenceStart) return false;
    if (this.lastNameEnd === i - 1) return /^\s*,\s*$/.test(t.gapBefore);
    const link = this.tokens[i - 1];
    return this.lastNameEnd === i - 2 && link !== undefined && (link.lower === 'en' || link.lower === 'of')
      && /^\s+$/.test(t.gapBefore) && /^\s+$/.test(link.gapBefore);
  }

  /** Index of the last token of a name starting at i, or -1. */
  private nameAt(i: number): number {
    const t = this.tokens[i]!;
    const cue = this.cueBefore(i);
    const particleEnd = this.particleSurnameAt(i);
    // "de Raad", "van de Groep" are listed surnames too; built on a word they need a cue or to be common.
    if (particleEnd !== -1 && (!this.isWordAt(particleEnd) || cue === 'title' || this.speechVerbAfter(particleEnd)
      || this.lexicon.commonSurnames.has(this.phrase(i, particleEnd)))) {
      return particleEnd;
    }
    if (SURNAME_PARTICLES.has(t.lower) && !t.capitalised) return -1;
    if (this.isFirstNameHere(i, cue) || this.isSurnameHere(i, cue)) return this.extend(i);
    return -1;
  }

  private phrase(from: number, to: number): string {
    return this.tokens.slice(from, to + 1).map((t) => t.lower).join(' ');
  }

  private count(word: string): number {
    return this.lexicon.firstNames.get(word) ?? 0;
  }

  private isNotPerson(i: number): boolean {
    const t = this.tokens[i]!;
    if (NOT_PEOPLE.has(t.lower) || this.blocked.has(i) || this.institutionAfter(i)) return true;
    const prev = this.tokens[i - 1];
    const next = this.tokens[i + 1];
    const pair = (a: Token | undefined, b: Token | undefined) =>
      a !== undefined && b !== undefined && /^[\s-]$/.test(b.gapBefore) && this.lexicon.places.has(`${a.lower}${b.gapBefore}${b.lower}`);
    const place = this.lexicon.places.has(t.lower) || pair(t, next) || pair(prev, t);
    return place && this.count(t.lower) < PLACE_OVER_NAME_COUNT;
  }

  /** "Emma Kinderziekenhuis", "Sophia Kinderziekenhuis": capitalised words up to an institution word. */
  private institutionAfter(i: number): boolean {
    for (let k = i + 1; k <= i + 2; k++) {
      const t = this.tokens[k];
      if (!t || !t.capitalised || t.sentenceStart || !/^ +$/.test(t.gapBefore)) return false;
      if (INSTITUTION_WORD.test(t.lower)) return true;
    }
    return false;
  }

  /** An everyday word, even if it is also a name: storm, raad, groep, meer. */
  private isWordAt(i: number): boolean {
    const word = this.tokens[i]!.lower;
    return this.lexicon.wordlike.has(word) || this.lexicon.dictionaryWords.has(word) || STOPWORDS.has(word)
      || COMMON_WORDS.has(word);
  }

  private looksCommon(word: string): boolean {
    const count = this.count(word);
    return STOPWORDS.has(word) || COMMON_WORDS.has(word) || this.lexicon.wordlike.has(word)
      || (this.lexicon.dictionaryWords.has(word) && count < COMMON_NAME_COUNT);
  }

  /** What stands right before token i. */
  private cueBefore(i: number): Cue | undefined {
    const t = this.tokens[i]!;
    const prev = this.tokens[i - 1];
    if (!prev) return undefined;
    const gap = t.gapBefore;
    const adjacent = /^\s*,?\s*$/.test(gap) || (prev.abbreviation && /^\.\s*$/.test(gap));
    if (TITLE_CUES.has(prev.lower) && adjacent) return 'title';
    if (prev.abbreviation && prev.text.length === 1 && prev.capitalised && adjacent) return 'title';
    if (NAMING_CUES.has(prev.lower) && (adjacent || /^\s*(?::|is)?\s*$/.test(gap))) {
      // "De groep heet De Linde", "mijn hond heet Storm": a thing is named, not a person.
      return NAMED_THINGS.has(this.tokens[i - 2]?.lower ?? '') ? undefined : 'naming';
    }
    if (prev.lower === 'is' && this.tokens[i - 2]?.lower === 'naam' && adjacent) return 'naming';
    if (GREETINGS.has(prev.lower) && /^[\s,!]*$/.test(gap)
      && (prev.sentenceStart || GREETINGS.has(this.tokens[i - 2]?.lower ?? ''))) return 'greeting';
    if (prev.lower === 'ben' && this.tokens[i - 2]?.lower === 'ik' && adjacent) return 'weak';
    if (INTERACTION_CUES.has(prev.lower) && adjacent) return 'interaction';
    return undefined;
  }

  /** "Mark je agenda", "Wil jij ...": a pronoun right after the first word makes that word a verb. */
  private verbFirst(i: number): boolean {
    const next = this.tokens[i + 1];
    return next !== undefined && /^ +$/.test(next.gapBefore) && PRONOUNS.has(next.lower);
  }

  private speechVerbAfter(i: number): boolean {
    const next = this.tokens[i + 1];
    return next !== undefined && !next.sentenceStart && SPEECH_VERBS.has(next.lower);
  }

  /** "Lot is mijn pleegzus", "Storm uit mijn groep", "Roos en ik" (opening a sentence): a person follows. */
  private personDescribedAfter(i: number): boolean {
    const [a, b, c] = [1, 2, 3].map((k) => this.tokens[i + k]);
    if (!a || !b || a.sentenceStart || b.sentenceStart) return false;
    if (a.lower === 'en' && b.lower === 'ik') return this.tokens[i]!.sentenceStart;
    const possessive = b.lower === 'mijn' || b.lower === "m'n" || b.lower === 'onze' || b.lower === 'ons';
    if (!c || c.sentenceStart) return false;
    // "Roos van de dagbesteding": the team or group a person belongs to.
    if (!possessive) return (a.lower === 'uit' || a.lower === 'van') && ARTICLES.has(b.lower) && PERSON_GROUPS.has(c.lower);
    // One adjective may come between: "is mijn beste vriendin", "was mijn oude juf".
    const d = this.tokens[i + 4];
    const role = TITLE_CUES.has(c.lower) || (d !== undefined && !d.sentenceStart && TITLE_CUES.has(d.lower));
    if (a.lower === 'is' || a.lower === 'was') return role;
    return (a.lower === 'uit' || a.lower === 'van') && PERSON_GROUPS.has(c.lower);
  }

  /** A surname follows directly: "Roos Jansen", "Storm van Dijk" (but "Lieve Sanne" is a greeting). */
  private surnameAfter(i: number): boolean {
    const next = this.tokens[i + 1];
    if (!next || !/^ +$/.test(next.gapBefore)) return false;
    if (this.particleSurnameAt(i + 1) !== -1) return true;
    return next.capitalised && this.lexicon.surnames.has(next.lower) && !this.lexicon.firstNames.has(next.lower)
      && (!this.isWordAt(i + 1) || this.lexicon.commonSurnames.has(next.lower));
  }

  private articleBefore(i: number): boolean {
    const prev = this.tokens[i - 1];
    return prev !== undefined && !prev.capitalised && ARTICLES.has(prev.lower) && /^\s+$/.test(this.tokens[i]!.gapBefore);
  }

  private isFirstNameHere(i: number, cue: Cue | undefined): boolean {
    const t = this.tokens[i]!;
    const word = t.lower;
    const count = this.count(word);
    const strongCue = cue === 'title' || cue === 'naming';
    if (!t.capitalised) {
      // Lower case: "ik zei tegen sanne", "juf fatima". Only common names, and no everyday words.
      const plainWord = STOPWORDS.has(word) || COMMON_WORDS.has(word) || this.lexicon.wordlike.has(word)
        || (this.lexicon.dictionaryWords.has(word) && count < COMMON_NAME_COUNT);
      const lowerCue = cue !== undefined || this.speechVerbAfter(i);
      return lowerCue && count >= LOWERCASE_NAME_COUNT && !plainWord && !this.isNotPerson(i);
    }
    if (this.isNotPerson(i)) return false;
    // After a role or "heet", any capitalised word is taken as a name, listed or not.
    if (strongCue) {
      if (t.shouting || count > 0) return count > 0;
      return !(STOPWORDS.has(word) || COMMON_WORDS.has(word) || TITLE_CUES.has(word));
    }
    if (count === 0) return this.isPossessiveName(i);
    if (this.articleBefore(i)) return false;
    // A function word at the start of a sentence ("Dan zegt ...") is only a name after a strong cue.
    if ((t.sentenceStart || t.shouting) && STOPWORDS.has(word)) return cue === 'greeting';
    const context = cue !== undefined || this.joinedToName(i) || this.speechVerbAfter(i) || this.surnameAfter(i)
      || this.personDescribedAfter(i);
    if (this.lexicon.wordlike.has(word)) return context;
    if (t.sentenceStart || t.shouting) return (!this.looksCommon(word) && !this.verbFirst(i)) || context;
    return !STOPWORDS.has(word) || count >= COMMON_NAME_COUNT;
  }

  /** "Daans moeder": a genitive s on a common first name, in the middle of a sentence. */
  private isPossessiveName(i: number): boolean {
    const t = this.tokens[i]!;
    return !t.sentenceStart && t.lower.endsWith('s') && this.count(t.lower.slice(0, -1)) >= COMMON_NAME_COUNT
      && !this.lexicon.dictionaryWords.has(t.lower) && !this.lexicon.surnames.has(t.lower);
  }

  /** A surname on its own: "meneer Bakker", "Jansen belde", "en toen kwam Yilmaz". */
  private isSurnameHere(i: number, cue: Cue | undefined): boolean {
    const t = this.tokens[i]!;
    const word = t.lower;
    if (!this.lexicon.surnames.has(word) || STOPWORDS.has(word) || COMMON_WORDS.has(word) || TITLE_CUES.has(word)
      || this.isNotPerson(i)) return false;
    // Lower case after a role ("meneer jansen") only for the common surnames, so verbs stay out ("mijn voogd heet").
    if (!t.capitalised) return cue === 'title' && this.lexicon.commonSurnames.has(word);
    if (cue === 'title' || this.speechVerbAfter(i) || this.joinedToName(i)) return true;
    if (t.sentenceStart) return false;
    // A surname that is also a word ("met Visser") needs a cue and must be a common surname.
    if (this.lexicon.dictionaryWords.has(word)) return cue === 'interaction' && this.lexicon.commonSurnames.has(word);
    // "de Efteling" is a thing, but "de Hoekstra's" are a family.
    return !this.articleBefore(i) || this.lexicon.commonSurnames.has(word);
  }

  /**
   * A surname that starts with particles: "van Dijk", "De Vries", "van der Meer", written as in the
   * list. Otherwise the particle is an ordinary word ("ik ben Sanne", "de Efteling") and the word
   * after it is judged on its own.
   */
  private particleSurnameAt(i: number): number {
    let j = i;
    while (j < this.tokens.length && SURNAME_PARTICLES.has(this.tokens[j]!.lower) && j - i < 3) j++;
    const head = this.tokens[j];
    if (j === i || !head || !head.capitalised || head.sentenceStart || SURNAME_PARTICLES.has(head.lower)) return -1;
    if (!this.tokens.slice(i + 1, j + 1).every((t) => /^\s+$/.test(t.gapBefore))) return -1;
    if (NOT_PEOPLE.has(head.lower) || this.blocked.has(j)) return -1;
    // "van Utrecht" is where someone is from; "van der Meer" is a surname even though Meer is a place.
    if (this.isNotPerson(j) && j - i < 2) return -1;
    const phraseFrom = (k: number) => this.phrase(k, j);
    if (this.lexicon.places.has(phraseFrom(i))) return -1;
    let placeInside = false;
    for (let k = i + 1; k < j; k++) placeInside ||= this.lexicon.places.has(phraseFrom(k));
    // "in Den Bosch": a capital on an inner particle marks a place; surnames write "in den Bosch".
    if (placeInside && !this.tokens[i]!.capitalised && this.tokens[i + 1]!.capitalised) return -1;
    return this.lexicon.surnames.has(phraseFrom(i)) ? j : -1;
  }

  /** Extends a name at i with following first names, particles and surnames: "Anne Marie de Vries". */
  private extend(i: number): number {
    let end = i;
    for (;;) {
      const next = end + 1;
      const t = this.tokens[next];
      if (!t || !/^ +$/.test(t.gapBefore) || t.sentenceStart) return end;
      const particleEnd = this.particleSurnameAt(next);
      if (particleEnd !== -1) {
        end = particleEnd;
        continue;
      }
      const word = t.lower;
      // "Petra Hoogland": a place that is also a common surname continues a capitalised name.
      const surnamePlace = t.capitalised && this.tokens[end]!.capitalised && this.lexicon.commonSurnames.has(word)
        && !NOT_PEOPLE.has(word) && !this.blocked.has(next) && !this.institutionAfter(end);
      if (STOPWORDS.has(word) || COMMON_WORDS.has(word) || SPEECH_VERBS.has(word)
        || (this.isNotPerson(next) && !surnamePlace)) return end;
      // In lower case only a common surname or first name continues a name ("sanne jansen"), so verbs stay out.
      const ok = t.capitalised
        ? !t.shouting || this.lexicon.surnames.has(word) || this.count(word) > 0
        : !this.tokens[end]!.capitalised && !this.lexicon.dictionaryWords.has(word)
          && (this.lexicon.commonSurnames.has(word) || this.count(word) >= LOWERCASE_NAME_COUNT);
      if (!ok) return end;
      end = next;
    }
  }

  /** Initials before a name belong to it: "J. de Vries", "A.B. Jansen". */
  private initialsBefore(i: number): number {
    let start = i;
    while (start > 0) {
      const prev = this.tokens[start - 1]!;
      if (!(prev.abbreviation && prev.text.length === 1 && prev.capitalised)) break;
      start--;
    }
    return start;
  }
}

export function detectNames(tokens: readonly Token[], lexicon: NameLexicon, blocked?: ReadonlySet<number>): Span[] {
  return new NameFinder(lexicon, tokens, blocked).find();
}
