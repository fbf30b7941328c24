/**
 * The heavy, pure part of a theme run: represent all stories and discover their themes. Input
 * and output are plain data (strings, typed arrays), so it can run in a worker thread
 * (theme-fit-thread.ts) and keep the web server responsive meanwhile.
 *
 * Lexical: analyse → TF-IDF → LSA with the framework concepts (the stored model projects new
 * stories later). With vectors from a sentence-embedding model: those vectors, and the lexical
 * analysis only for keywords.
 */
import { createHash } from 'node:crypto';
import { compileFramework } from '../pipelines/signals/lexicon-tagger.ts';
import type { Framework } from '../pipelines/signals/schemas.ts';
import { DEFAULT_FEATURE_OPTIONS, type FeatureOptions } from '../pipelines/text/features.ts';
import { buildCorpus, type RepresentationOptions } from '../pipelines/text/representation.ts';
import { DEFAULT_CLUSTER_OPTIONS } from '../pipelines/themes/cluster.ts';
import { frameworkConcepts } from '../pipelines/themes/concepts.ts';
import { buildKeywordIndex, type KeywordIndex } from '../pipelines/themes/keywords.ts';
import { defaultPipelineOptions, representStories, type StoryText } from '../pipelines/themes/pipeline.ts';
import { createContext, discoverThemes, type ThemeContext, type ThemeRun } from '../pipelines/themes/run.ts';

/** What an LSA model needs to project a new story, stored as the model's `representation`. */
export interface LsaRepresentation {
  kind: 'lsa';
  options: RepresentationOptions;
  tfidf: { terms: string[]; idf: number[] };
  lsa: { dimensions: number; terms: number; singularValues: number[] };
  /** the framework the concept dimensions were scored with at fit time */
  framework: Framework;
}

export interface NeuralRepresentation {
  kind: 'neural';
  model: string;
  features: FeatureOptions;
}

export interface FitRequest {
  stories: StoryText[];
  framework: Framework;
  /** a sentence-embedding model's unit vectors for `stories`, in the same order */
  embeddings?: { model: string; dimensions: number; data: Float32Array };
}

export interface FitResult {
  version: string;
  backend: string;
  representation: LsaRepresentation | NeuralRepresentation;
  /** LSA components (terms × dimensions); null for a neural model */
  components: Float32Array | null;
  /** stories in canonical (id) order */
  ids: string[];
  dimensions: number;
  vectors: Float32Array;
  keywords: KeywordIndex;
  run: ThemeRun;
}

export function fitThemes(request: FitRequest): FitResult {
  const fitted = request.embeddings ? withEmbeddings(request.stories, request.embeddings) : lexical(request.stories, request.framework);
  const context = contextOf(fitted);
  return { ...fitted, run: discoverThemes(context, DEFAULT_CLUSTER_OPTIONS) };
}

export function contextOf(fit: Pick<FitResult, 'ids' | 'dimensions' | 'vectors' | 'keywords'>): ThemeContext {
  return createContext(fit.ids, { count: fit.ids.length, dimensions: fit.dimensions, data: fit.vectors }, fit.keywords);
}

function lexical(stories: readonly StoryText[], framework: Framework): Omit<FitResult, 'run'> {
  const { representation, context } = representStories(stories, {
    ...defaultPipelineOptions(), concepts: frameworkConcepts(compileFramework(framework)),
  });
  const { model } = representation;
  return {
    version: `lsa-${digest(model.tfidf.version, model.lsa.components, JSON.stringify(framework))}`,
    backend: 'lsa',
    representation: {
      kind: 'lsa',
      options: model.options,
      tfidf: { terms: model.tfidf.terms, idf: Array.from(model.tfidf.idf) },
      lsa: { dimensions: model.lsa.dimensions, terms: model.lsa.terms, singularValues: Array.from(model.lsa.singularValues) },
      framework,
    },
    components: model.lsa.components,
    ids: [...context.ids],
    dimensions: model.dimensions,
    vectors: context.vectors.data,
    keywords: context.keywords,
  };
}

function withEmbeddings(stories: readonly StoryText[], embeddings: NonNullable<FitRequest['embeddings']>): Omit<FitResult, 'run'> {
  const order = stories.map((_, i) => i).sort((a, b) => (stories[a]!.id < stories[b]!.id ? -1 : stories[a]!.id > stories[b]!.id ? 1 : 0));
  const d = embeddings.dimensions;
  const vectors = new Float32Array(order.length * d);
  order.forEach((from, to) => vectors.set(embeddings.data.subarray(from * d, (from + 1) * d), to * d));
  const keywords = buildKeywordIndex(buildCorpus(order.map((i) => stories[i]!.text), { features: DEFAULT_FEATURE_OPTIONS }));
  return {
    version: `neural-${digest(embeddings.model, vectors, JSON.stringify(keywords.stems), Array.from(keywords.documentFrequency).join())}`,
    backend: `neural:${embeddings.model}`,
    representation: { kind: 'neural', model: embeddings.model, features: DEFAULT_FEATURE_OPTIONS },
    components: null,
    ids: order.map((i) => stories[i]!.id),
    dimensions: d,
    vectors,
    keywords,
  };
}

function digest(...parts: (string | Float32Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(typeof part === 'string' ? part : new Uint8Array(part.buffer, part.byteOffset, part.byteLength)).update('\u0000');
  return hash.digest('hex').slice(0, 16);
}
