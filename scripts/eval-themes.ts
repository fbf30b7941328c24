/**
 * Measures theme discovery against a labelled set of stories.
 *
 *   node --import tsx scripts/eval-themes.ts stories.jsonl [--lexical]
 *   node --import tsx scripts/eval-themes.ts eval            (a labelled set by name; see labelled.ts)
 *
 * --lexical leaves out the framework-topic concepts (see themes/concepts.ts), to measure the
 * purely lexical representation.
 * Each line needs "text" and "theme"; other fields are ignored. The pipeline is the product's
 * and is never told how many themes there are. Prints one figure per line:
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
import { LABELLED_SETS, labelledSet } from '../workers/pipelines/signals/labelled.ts';
import { seededRandom } from '../workers/pipelines/text/random.ts';
import { adjustedRandIndex, normalizedMutualInformation } from '../workers/pipelines/themes/metrics.ts';
import { defaultPipelineOptions, themeStories, type PipelineOptions, type StoryText } from '../workers/pipelines/themes/pipeline.ts';
import { discoverThemes, type ThemeRun } from '../workers/pipelines/themes/run.ts';

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

function main(): void {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { lexical: { type: 'boolean', default: false } } });
  const path = positionals[0];
  if (!path) {
    console.error('usage: node --import tsx scripts/eval-themes.ts stories.jsonl [--lexical]');
    process.exit(2);
  }
  const options: PipelineOptions = { ...defaultPipelineOptions(), ...(values.lexical ? { concepts: null } : {}) };
  const labelled = readStories(path);
  const stories: StoryText[] = labelled.map((story, i) => ({ id: storyId(i), text: story.text }));
  const { run, context } = themeStories(stories, options);
  const labels = labelsOf(run);
  const found = stories.map((story) => labels.get(story.id)!);
  const truth = labelled.map((story) => story.theme);

  const order = shuffled(
    labelled.map((_, i) => i),
    99,
  );
  const shuffledLabels = labelsOf(themeStories(order.map((original) => stories[original]!), options).run);
  const inShuffledRun = stories.map((story) => shuffledLabels.get(story.id)!);

  const otherSeed = labelsOf(discoverThemes(context, { ...options.cluster, seed: options.cluster.seed + 1000 }));

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
}

main();
