/**
 * The lexical story representation: analyse → features → TF-IDF → LSA.
 *
 * `buildCorpus` streams the stories once and keeps only integer feature ids per story (tokens
 * are dropped), plus, per stem, the most common way it is written (for keyword display).
 * `fitRepresentation` fits the vocabulary and the LSA model; `representText` projects a new
 * story with a fitted model (incremental assignment).
 *
 * Optionally, curated concepts (the framework topic lexicons) join the vector: a story's
 * concept scores are appended to its LSA vector with weight `conceptWeight` (β), in proportion
 * to how much topic evidence the story has, up to `conceptFullStrength` (S):
 *   v = normalise([√(1−β) · lsa ; √β · concepts / max(S, |concepts|)]).
 * Bag-of-words alone cannot tell that "acht maanden niks gehoord" and "wachtlijst" are about the
 * same thing; the lexicons can. A story with little topic evidence keeps mostly its own words'
 * direction, so stories about something the framework does not know (the taxi to day care) can
 * still form their own theme; with S = 0 one weak word would pull as hard as many strong ones.
 */
import { analyze, type AnalyzedText, type AnalyzeOptions } from './analyze.ts';
import { DEFAULT_FEATURE_OPTIONS, storyFeatures, type FeatureOptions } from './features.ts';
import { DEFAULT_LSA_OPTIONS, fitLsa, projectLsa, type LsaModel, type LsaOptions } from './lsa.ts';
import { toSparseMatrix, type SparseVector } from './sparse.ts';
import { DEFAULT_TFIDF_OPTIONS, fitTfidf, tfidfVector, type TfidfModel, type TfidfOptions } from './tfidf.ts';

/** Scores a story against named concepts (e.g. the framework topics), each in [0, 1]. */
export interface ConceptScorer {
  names: readonly string[];
  score(text: string, analyzed: AnalyzedText): ArrayLike<number>;
}

export interface Corpus {
  /** every feature seen, by id */
  terms: string[];
  /** per story, its feature ids with repetition */
  features: Int32Array[];
  /** stem → the surface (lowercase) it is most often written as */
  display: Map<string, string>;
  /** the concept scorer the stories were scored with, if any */
  conceptScorer?: ConceptScorer;
  /** per story, concept scores (empty arrays without a concept scorer) */
  concepts: Float32Array[];
}

export interface RepresentationOptions {
  features: FeatureOptions;
  tfidf: TfidfOptions;
  lsa: LsaOptions;
  /** β above: the share of the squared vector length given to concepts at full strength */
  conceptWeight: number;
  /** S above; absent in models fitted before it existed, which keep weighing concepts in fully (S = 0) */
  conceptFullStrength?: number;
}

export const DEFAULT_REPRESENTATION_OPTIONS: RepresentationOptions = {
  features: DEFAULT_FEATURE_OPTIONS,
  tfidf: DEFAULT_TFIDF_OPTIONS,
  lsa: DEFAULT_LSA_OPTIONS,
  conceptWeight: 0.9,
  conceptFullStrength: 2,
};

export interface RepresentationModel {
  options: RepresentationOptions;
  tfidf: TfidfModel;
  lsa: LsaModel;
  /** the concept scorer used at fit time, if any; new stories must be scored the same way */
  concepts?: ConceptScorer;
  /** lsa dimensions plus the number of concepts */
  dimensions: number;
}

export interface Representation {
  model: RepresentationModel;
  /** stories × model.dimensions, row-major, unit rows */
  vectors: Float32Array;
}

export interface CorpusOptions {
  features?: FeatureOptions;
  concepts?: ConceptScorer;
  analyze?: AnalyzeOptions;
}

export function buildCorpus(texts: Iterable<string>, options: CorpusOptions = {}): Corpus {
  const features = options.features ?? DEFAULT_FEATURE_OPTIONS;
  const ids = new Map<string, number>();
  const terms: string[] = [];
  const perStory: Int32Array[] = [];
  const concepts: Float32Array[] = [];
  const surfaces = new Map<string, Map<string, number>>();
  for (const text of texts) {
    const analyzed = analyze(text, options.analyze);
    concepts.push(Float32Array.from(options.concepts?.score(text, analyzed) ?? []));
    for (const token of analyzed.tokens) {
      if (token.kind !== 'word' || token.stop) continue;
      let counts = surfaces.get(token.stem);
      if (!counts) surfaces.set(token.stem, (counts = new Map()));
      const surface = token.surface.toLowerCase();
      counts.set(surface, (counts.get(surface) ?? 0) + 1);
    }
    perStory.push(
      Int32Array.from(storyFeatures(analyzed, features), (term) => {
        let id = ids.get(term);
        if (id === undefined) {
          id = terms.length;
          ids.set(term, id);
          terms.push(term);
        }
        return id;
      }),
    );
  }
  const display = new Map<string, string>();
  for (const [stem, counts] of surfaces) display.set(stem, mostCommon(counts));
  const corpus: Corpus = { terms, features: perStory, display, concepts };
  if (options.concepts) corpus.conceptScorer = options.concepts;
  return corpus;
}

function mostCommon(counts: Map<string, number>): string {
  let best = '';
  let bestCount = -1;
  for (const [surface, count] of counts) {
    if (count > bestCount || (count === bestCount && surface < best)) {
      best = surface;
      bestCount = count;
    }
  }
  return best;
}

export function fitRepresentation(corpus: Corpus, options: RepresentationOptions = DEFAULT_REPRESENTATION_OPTIONS): Representation {
  const concepts = corpus.conceptScorer;
  const storyTerms = corpus.features.map((ids) => Array.from(ids, (id) => corpus.terms[id]!));
  const tfidf = fitTfidf(storyTerms, options.tfidf);
  const rows: SparseVector[] = storyTerms.map((terms) => tfidfVector(tfidf, terms));
  const { model: lsa, embeddings } = fitLsa(toSparseMatrix(rows, tfidf.terms.length), options.lsa);
  const conceptCount = concepts?.names.length ?? 0;
  const model: RepresentationModel = { options, tfidf, lsa, dimensions: lsa.dimensions + conceptCount };
  if (concepts) model.concepts = concepts;
  if (conceptCount === 0) return { model, vectors: embeddings };
  const vectors = new Float32Array(corpus.features.length * model.dimensions);
  corpus.features.forEach((_, i) => {
    const combined = combine(model, embeddings.subarray(i * lsa.dimensions, (i + 1) * lsa.dimensions), corpus.concepts[i]!);
    vectors.set(combined, i * model.dimensions);
  });
  return { model, vectors };
}

/** [√(1−β)·lsa ; √β·concepts/max(S, |concepts|)], normalised (see the top of this file). */
function combine(model: RepresentationModel, lsa: Float32Array, concepts: ArrayLike<number>): Float32Array {
  const beta = model.options.conceptWeight;
  const out = new Float32Array(model.dimensions);
  for (let c = 0; c < lsa.length; c++) out[c] = Math.sqrt(1 - beta) * lsa[c]!;
  let conceptNorm = 0;
  for (let c = 0; c < concepts.length; c++) conceptNorm += concepts[c]! ** 2;
  if (conceptNorm > 0) {
    const scale = Math.sqrt(beta) / Math.max(model.options.conceptFullStrength ?? 0, Math.sqrt(conceptNorm));
    for (let c = 0; c < concepts.length; c++) out[lsa.length + c] = concepts[c]! * scale;
  }
  let norm = 0;
  for (let c = 0; c < out.length; c++) norm += out[c]! ** 2;
  if (norm > 0) for (let c = 0; c < out.length; c++) out[c] /= Math.sqrt(norm);
  return out;
}

export function representText(model: RepresentationModel, text: string, analyzeOptions: AnalyzeOptions = {}): Float32Array {
  const analyzed = analyze(text, analyzeOptions);
  const lsa = projectLsa(model.lsa, tfidfVector(model.tfidf, storyFeatures(analyzed, model.options.features)));
  return model.concepts ? combine(model, lsa, model.concepts.score(text, analyzed)) : lsa;
}
