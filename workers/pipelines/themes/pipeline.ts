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
  const corpus = buildCorpus(
    stories.map((story) => story.text),
    { features: options.representation.features, ...(options.concepts ? { concepts: options.concepts } : {}) },
  );
  const representation = fitRepresentation(corpus, options.representation);
  const vectors = { count: stories.length, dimensions: representation.model.dimensions, data: representation.vectors };
  const context = createContext(
    stories.map((story) => story.id),
    vectors,
    buildKeywordIndex(corpus),
  );
  return { representation, context };
}

export function themeStories(stories: readonly StoryText[], options: PipelineOptions = defaultPipelineOptions()): PipelineResult {
  const { representation, context } = representStories(stories, options);
  return { representation, context, run: discoverThemes(context, options.cluster) };
}
