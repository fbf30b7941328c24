/**
 * Measures theme discovery against a labelled set of stories.
 *
 *   node --import tsx scripts/eval-themes.ts stories.jsonl [--lexical | --models DIR [--model NAME]]
 *   node --import tsx scripts/eval-themes.ts eval            (a labelled set by name; see labelled.ts)
 *
 * --lexical leaves out the framework-topic concepts (see themes/concepts.ts), to measure the
 * purely lexical representation. --models clusters with a sentence-embedding model from that
 * folder instead (the worker's neural path; NAME defaults to EMBEDDING_MODEL or
 * Xenova/multilingual-e5-small), so a machine that has weights can measure them.
 * Each line needs "text" and "theme"; other fields are ignored. The pipeline is the product's
 * and is never told how many themes there are. Prints one figure per line:
 *   BACKEND           lsa, or neural:<model>;
 *   NMI, ARI          agreement with the labelled themes over ALL stories, where
 *                     "niet ingedeeld" counts as one more group (so leaving stories out costs);
 *   THEMES            number of themes found;
 *   UNASSIGNED        share of stories left unassigned;
 *   SHUFFLE_ARI       ARI between this run and a run on the same stories (same ids) given in
 *                     shuffled order;
 *   SEED_ARI          ARI between runs with different random seeds: how much the themes
 *                     depend on chance rather than on the stories (the pipeline orders stories
 *                     by id, so a shuffle alone changes nothing);
 * then the keywords of each theme.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { contextOf, fitThemes } from '../workers/jobs/theme-fit.ts';
import { embedPassages } from '../workers/pipelines/embeddings/embedder.ts';
import { DEFAULT_EMBEDDING_MODEL } from '../workers/pipelines/embeddings/local-models.ts';
import { loadEmbedder } from '../workers/pipelines/embeddings/transformers-embedder.ts';
import { LABELLED_SETS, labelledSet } from '../workers/pipelines/signals/labelled.ts';
import { frameworkSeed } from '../workers/pipelines/signals/seeds.ts';
import { seededRandom } from '../workers/pipelines/text/random.ts';
import { DEFAULT_CLUSTER_OPTIONS } from '../workers/pipelines/themes/cluster.ts';
import { adjustedRandIndex, normalizedMutualInformation } from '../workers/pipelines/themes/metrics.ts';
import { defaultPipelineOptions, themeStories, type StoryText } from '../workers/pipelines/themes/pipeline.ts';
import { discoverThemes, type ThemeContext, type ThemeRun } from '../workers/pipelines/themes/run.ts';

interface LabelledStory {
  text: string;
  theme: string;
}

const UNASSIGNED = '(niet ingedeeld)';

function readStories(path: string): LabelledStory[] {
  const set = LABELLED_SETS.find((name) => name === path);
  if (set) return labelledSet(set);
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const parsed = JSON.parse(line) as Partial<LabelledStory>;
      if (typeof parsed.text !== 'string' || typeof parsed.theme !== 'string') throw new Error(`line ${i + 1}: needs "text" and "theme"`);
      return { text: parsed.text, theme: parsed.theme };
    });
}

/** Theme id per story id. */
function labelsOf(run: ThemeRun): Map<string, string> {
  const labels = new Map<string, string>();
  for (const theme of run.themes) for (const id of theme.memberIds) labels.set(id, theme.id);
  for (const id of run.unassignedIds) labels.set(id, UNASSIGNED);
  return labels;
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

const storyId = (position: number): string => `story-${String(position).padStart(6, '0')}`;
const figure = (value: number): string => value.toFixed(2);

type Discover = (stories: StoryText[]) => Promise<{ backend: string; run: ThemeRun; context: ThemeContext }>;

/** The worker's theme fit: lexical by default, or with a sentence-embedding model. */
async function discoverer(values: { lexical: boolean; models?: string; model?: string }): Promise<{ discover: Discover; close: () => Promise<void> }> {
  if (!values.models) {
    const options = { ...defaultPipelineOptions(), ...(values.lexical ? { concepts: null } : {}) };
    return { discover: async (stories) => ({ backend: 'lsa', ...themeStories(stories, options) }), close: async () => {} };
  }
  const modelName = values.model ?? process.env.EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODEL;
  const load = await loadEmbedder({ modelsDir: values.models, modelName });
  if (!load.embedder) {
    console.error(`no embedding model: ${load.reason}`);
    process.exit(2);
  }
  const embedder = load.embedder;
  return {
    discover: async (stories) => {
      const fit = fitThemes({ stories, framework: frameworkSeed(), embeddings: await embedPassages(embedder, stories.map((story) => story.text)) });
      return { backend: fit.backend, run: fit.run, context: contextOf(fit) };
    },
    close: () => embedder.close(),
  };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { lexical: { type: 'boolean', default: false }, models: { type: 'string' }, model: { type: 'string' } },
  });
  const path = positionals[0];
  if (!path) {
    console.error('usage: node --import tsx scripts/eval-themes.ts stories.jsonl [--lexical | --models DIR [--model NAME]]');
    process.exit(2);
  }
  const { discover, close } = await discoverer(values);
  const labelled = readStories(path);
  const stories: StoryText[] = labelled.map((story, i) => ({ id: storyId(i), text: story.text }));
  const { backend, run, context } = await discover(stories);
  const labels = labelsOf(run);
  const found = stories.map((story) => labels.get(story.id)!);
  const truth = labelled.map((story) => story.theme);

  const order = shuffled(
    labelled.map((_, i) => i),
    99,
  );
  const shuffledLabels = labelsOf((await discover(order.map((original) => stories[original]!))).run);
  const inShuffledRun = stories.map((story) => shuffledLabels.get(story.id)!);

  const otherSeed = labelsOf(discoverThemes(context, { ...DEFAULT_CLUSTER_OPTIONS, seed: DEFAULT_CLUSTER_OPTIONS.seed + 1000 }));

  console.log(`BACKEND: ${backend}`);
  console.log(`NMI: ${figure(normalizedMutualInformation(truth, found))}`);
  console.log(`ARI: ${figure(adjustedRandIndex(truth, found))}`);
  console.log(`THEMES: ${run.themes.length}`);
  console.log(`UNASSIGNED: ${figure(run.unassignedIds.length / Math.max(1, stories.length))}`);
  console.log(`SHUFFLE_ARI: ${figure(adjustedRandIndex(found, inShuffledRun))}`);
  console.log(`SEED_ARI: ${figure(adjustedRandIndex(found, stories.map((story) => otherSeed.get(story.id)!)))}`);
  console.log('');
  for (const theme of run.themes) {
    const truthCounts = new Map<string, number>();
    for (const id of theme.memberIds) {
      const label = truth[context.position.get(id)!]!;
      truthCounts.set(label, (truthCounts.get(label) ?? 0) + 1);
    }
    const majority = [...truthCounts].sort((a, b) => b[1] - a[1])[0]!;
    console.log(`${theme.label} (${theme.memberIds.length} verhalen; meest: ${majority[0]} ${majority[1]})`);
    console.log(`  ${theme.keywords.slice(0, 8).map((keyword) => keyword.word).join(', ')}`);
  }
  if (run.unassignedIds.length > 0) console.log(`${UNASSIGNED}: ${run.unassignedIds.length} verhalen`);
  await close();
}

await main();
