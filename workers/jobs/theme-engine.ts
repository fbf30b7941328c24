/**
 * The representation side of the theme jobs, shared by analysis and re-clustering in one worker:
 * fits a run (theme-fit.ts, in its own thread) with the Dutch lexical pipeline, or with a
 * sentence-embedding model from MODELS_DIR when one is installed; and projects new stories with
 * the stored model. Loaded models, the compiled framework and the classifier are kept per
 * version, so a job does not rebuild them.
 */
import type { DB } from '../../models/db.ts';
import { classifierByVersion, latestClassifierVersion } from '../../models/tags.ts';
import { themeModel, type StoredThemeModel, type ThemeModelInfo } from '../../models/themes.ts';
import { vocabularyOf } from '../../models/theme-state.ts';
import { embedPassages, type Embedder } from '../pipelines/embeddings/embedder.ts';
import { loadEmbedderInThread } from '../pipelines/embeddings/embedder-thread.ts';
import { findLocalModel } from '../pipelines/embeddings/local-models.ts';
import { parseClassifier, type Classifier } from '../pipelines/signals/classifier.ts';
import { compileFramework, type CompiledFramework } from '../pipelines/signals/lexicon-tagger.ts';
import type { Framework } from '../pipelines/signals/schemas.ts';
import type { FeatureOptions } from '../pipelines/text/features.ts';
import type { LsaModel } from '../pipelines/text/lsa.ts';
import { buildCorpus, representText, type RepresentationModel } from '../pipelines/text/representation.ts';
import { restoreTfidf } from '../pipelines/text/tfidf.ts';
import { frameworkConcepts } from '../pipelines/themes/concepts.ts';
import type { StoryText } from '../pipelines/themes/pipeline.ts';
import type { ThemeContext, ThemeRun } from '../pipelines/themes/run.ts';
import { createFitThread } from './theme-fit-thread.ts';
import { contextOf, type LsaRepresentation, type NeuralRepresentation } from './theme-fit.ts';

export interface ThemeEngineOptions {
  /** where a sentence-embedding model may be installed; null: the Dutch lexical pipeline only */
  models: { modelsDir: string; embeddingModel: string } | null;
}

export interface FittedThemes {
  model: Omit<StoredThemeModel, 'createdAt'>;
  /** the stories in canonical (id) order with their vectors and keyword terms */
  context: ThemeContext;
  /** the themes the machine found, before matching and curation */
  run: ThemeRun;
}

export interface StoryProjection {
  vector: Float32Array;
  /** ids into the model's keyword vocabulary */
  keywordTerms: number[];
}

export interface Projector {
  version: string;
  project(text: string): Promise<StoryProjection>;
}

export interface ThemeEngine {
  /** which representation the next run uses, and why not the neural one when it is not */
  backend(): Promise<{ backend: string; reason: string | null }>;
  /** represents all stories and discovers themes, in a worker thread */
  fit(stories: readonly StoryText[], framework: Framework): Promise<FittedThemes>;
  /** null when the stored model cannot be used here (a neural model that is not installed) */
  projector(db: DB, info: ThemeModelInfo): Promise<Projector | null>;
  compiledFramework(framework: Framework): CompiledFramework;
  classifier(db: DB): Promise<Classifier | undefined>;
  close(): Promise<void>;
}

type EmbedderState = { embedder: Embedder; reason: null } | { embedder: null; reason: string };

export function createThemeEngine(options: ThemeEngineOptions): ThemeEngine {
  let loading: Promise<EmbedderState> | undefined;
  const projectors = new Map<string, Projector>();
  const frameworks = new Map<string, CompiledFramework>();
  let classifierCache: { version: number; classifier: Classifier } | undefined;
  const fitThread = createFitThread();

  /** Loads the embedding model once; an absent one is looked for again at the next run. */
  async function embedder(lookAgain: boolean): Promise<EmbedderState> {
    if (loading && lookAgain && (await loading).embedder === null) loading = undefined;
    loading ??= (async (): Promise<EmbedderState> => {
      if (!options.models) return { embedder: null, reason: 'Er is geen map met modellen ingesteld.' };
      const { modelsDir, embeddingModel } = options.models;
      const local = await findLocalModel(modelsDir, embeddingModel, 'feature-extraction');
      if (!local.ok) return { embedder: null, reason: local.reason };
      const load = await loadEmbedderInThread({ modelsDir, modelName: embeddingModel });
      return load.embedder ? { embedder: load.embedder, reason: null } : { embedder: null, reason: load.reason };
    })();
    return loading;
  }

  async function fit(stories: readonly StoryText[], framework: Framework): Promise<FittedThemes> {
    const { embedder: model } = await embedder(true);
    const embeddings = model ? await embedPassages(model, stories.map((story) => story.text)) : undefined;
    const result = await fitThread.fit({ stories: [...stories], framework, ...(embeddings ? { embeddings } : {}) });
    return {
      model: {
        version: result.version, backend: result.backend, dimensions: result.dimensions, floor: result.run.floor,
        representation: { ...result.representation }, components: result.components, keywordVocabulary: vocabularyOf(result.keywords),
      },
      context: contextOf(result),
      run: result.run,
    };
  }

  async function buildProjector(db: DB, info: ThemeModelInfo): Promise<Projector | null> {
    const stored = await themeModel(db, info.version);
    if (!stored) return null;
    const vocabulary = new Map(stored.keywordVocabulary.stems.map((stem, i) => [stem, i]));
    const representation = stored.representation as unknown as LsaRepresentation | NeuralRepresentation;
    if (representation.kind === 'lsa') {
      const model = restoreLsa(representation, stored.components!);
      return {
        version: info.version,
        project: async (text) => ({ vector: representText(model, text), keywordTerms: keywordTermsOf(text, vocabulary, model.options.features) }),
      };
    }
    const { embedder: model } = await embedder(false);
    if (!model || model.name !== representation.model) return null;
    return {
      version: info.version,
      project: async (text) => ({
        vector: (await model.embed([text], { kind: 'passage' }))[0]!,
        keywordTerms: keywordTermsOf(text, vocabulary, representation.features),
      }),
    };
  }

  return {
    async backend() {
      const state = await embedder(true);
      return state.embedder ? { backend: `neural:${state.embedder.name}`, reason: null } : { backend: 'lsa', reason: state.reason };
    },
    fit,
    async projector(db, info) {
      const cached = projectors.get(info.version);
      if (cached) return cached;
      const projector = await buildProjector(db, info);
      if (projector) {
        projectors.clear();
        projectors.set(info.version, projector);
      }
      return projector;
    },
    compiledFramework(framework) {
      const key = JSON.stringify(framework);
      let compiled = frameworks.get(key);
      if (!compiled) {
        frameworks.clear();
        compiled = compileFramework(framework);
        frameworks.set(key, compiled);
      }
      return compiled;
    },
    async classifier(db) {
      const latest = await latestClassifierVersion(db);
      if (!latest) return undefined;
      if (classifierCache?.version !== latest.version) {
        const stored = await classifierByVersion(db, latest.version);
        if (!stored) return undefined;
        classifierCache = { version: latest.version, classifier: parseClassifier(JSON.stringify(stored.weights)) };
      }
      return classifierCache.classifier;
    },
    async close() {
      const state = await loading;
      loading = undefined;
      await Promise.all([state?.embedder?.close(), fitThread.close()]);
    },
  };
}

function restoreLsa(stored: LsaRepresentation, components: Float32Array): RepresentationModel {
  const lsa: LsaModel = {
    dimensions: stored.lsa.dimensions, terms: stored.lsa.terms, components, singularValues: Float64Array.from(stored.lsa.singularValues),
  };
  const concepts = frameworkConcepts(compileFramework(stored.framework));
  const model: RepresentationModel = {
    options: stored.options, tfidf: restoreTfidf(stored.tfidf.terms, stored.tfidf.idf), lsa,
    dimensions: lsa.dimensions + concepts.names.length, concepts,
  };
  return model;
}

/** The story's words as ids into the model's keyword vocabulary (words the model does not know are left out). */
function keywordTermsOf(text: string, vocabulary: ReadonlyMap<string, number>, features: FeatureOptions): number[] {
  const corpus = buildCorpus([text], { features });
  const ids = new Set<number>();
  for (const feature of corpus.features[0]!) {
    const id = vocabulary.get(corpus.terms[feature]!);
    if (id !== undefined) ids.add(id);
  }
  return [...ids].sort((a, b) => a - b);
}
