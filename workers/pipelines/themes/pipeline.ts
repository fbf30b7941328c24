/**
 * The whole lexical theme pipeline over a set of stories, as the worker and the measuring
 * scripts run it: representation (analyse → TF-IDF → LSA), keyword index, clustering.
 */
import {
  buildCorpus,
  DEFAULT_REPRESENTATION_OPTIONS,
  fitRepresentation,
  type ConceptScorer,
  type Representation,
  type RepresentationOptions,
} from '../text/representation.ts';
import { DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from './cluster.ts';
import { frameworkConcepts } from './concepts.ts';
import { buildKeywordIndex } from './keywords.ts';
import { createContext, discoverThemes, type ThemeContext, type ThemeRun } from './run.ts';

export interface StoryText {
  id: string;
  text: string;
}

export interface PipelineOptions {
  representation: RepresentationOptions;
  cluster: ClusterOptions;
  /** curated concepts that guide the representation; null for the purely lexical pipeline */
  concepts: ConceptScorer | null;
}

/** The framework topic lexicons are compiled on first use. */
export function defaultPipelineOptions(): PipelineOptions {
  return { representation: DEFAULT_REPRESENTATION_OPTIONS, cluster: DEFAULT_CLUSTER_OPTIONS, concepts: frameworkConcepts() };
}

export interface PipelineResult {
  representation: Representation;
  context: ThemeContext;
  run: ThemeRun;
}

export function representStories(
  stories: readonly StoryText[],
  options: PipelineOptions = defaultPipelineOptions(),
): { representation: Representation; context: ThemeContext } {
  // Canonical order (by id): every sum in TF-IDF, LSA and k-means then runs in the same order,
  // so the same stories give bit-identical themes however they were listed.
  const ordered = [...stories].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const corpus = buildCorpus(
    ordered.map((story) => story.text),
    { features: options.representation.features, ...(options.concepts ? { concepts: options.concepts } : {}) },
  );
  const representation = fitRepresentation(corpus, options.representation);
  const vectors = { count: ordered.length, dimensions: representation.model.dimensions, data: representation.vectors };
  const context = createContext(
    ordered.map((story) => story.id),
    vectors,
    buildKeywordIndex(corpus),
  );
  return { representation, context };
}

export function themeStories(stories: readonly StoryText[], options: PipelineOptions = defaultPipelineOptions()): PipelineResult {
  const { representation, context } = representStories(stories, options);
  return { representation, context, run: discoverThemes(context, options.cluster) };
}
