/**
 * Speed and memory of the theme pipeline on composed corpora (scripts/generate-corpus.ts).
 *
 *   node --import tsx scripts/bench-themes.ts [--sizes 1000,10000,100000] [--lexical]
 *
 * Per size it prints:
 *   representation   stories/s for analysis + features + concepts + TF-IDF + LSA (dictionary
 *                    already loaded; its one-off load time is printed once)
 *   re-clustering    seconds for clustering + keywords + labels + representatives
 *   peak RSS         highest resident memory seen during that size, sampled every 20 ms from
 *                    a worker thread (the main thread is busy computing)
 *   assignment       median and p95 ms to place one new story (analyse, project, nearest theme)
 *   curation         ms to apply a merge and recompute all keywords and centroids
 * Once, before the sizes:
 *   signals          ms per story for topic tags + tone + safety as the worker reads them (lexicons,
 *                    seed tag classifier, labelled neighbours, seed urgency model), over the 928
 *                    labelled stories
 */
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { allLabelledStories } from '../workers/pipelines/signals/labelled.ts';
import { compileFramework } from '../workers/pipelines/signals/lexicon-tagger.ts';
import { frameworkSeed, tagSeed, urgencySeed } from '../workers/pipelines/signals/seeds.ts';
import { readSignals } from '../workers/pipelines/signals/signals.ts';
import { labelledNeighbours } from '../workers/pipelines/signals/tagger.ts';
import { analyze } from '../workers/pipelines/text/analyze.ts';
import { buildCorpus, fitRepresentation } from '../workers/pipelines/text/representation.ts';
import { assignVector } from '../workers/pipelines/themes/assign.ts';
import { applyCuration } from '../workers/pipelines/themes/curation.ts';
import { buildKeywordIndex } from '../workers/pipelines/themes/keywords.ts';
import { defaultPipelineOptions, type PipelineOptions } from '../workers/pipelines/themes/pipeline.ts';
import { createContext, discoverThemes } from '../workers/pipelines/themes/run.ts';
import { representText } from '../workers/pipelines/text/representation.ts';
import { generateCorpus } from './generate-corpus.ts';

/** Samples process RSS off the main thread into shared memory; returns a reader and a stop. */
function startRssSampler(): { peakMb: () => number; reset: () => void; stop: () => Promise<number> } {
  const shared = new Float64Array(new SharedArrayBuffer(8));
  const worker = new Worker(
    `const { workerData } = require('node:worker_threads');
     const peak = new Float64Array(workerData);
     setInterval(() => { const rss = process.memoryUsage.rss(); if (rss > peak[0]) peak[0] = rss; }, 20);`,
    { eval: true, workerData: shared.buffer },
  );
  return {
    peakMb: () => Math.max(shared[0]!, process.memoryUsage.rss()) / 1e6,
    reset: () => (shared[0] = process.memoryUsage.rss()),
    stop: () => worker.terminate(),
  };
}

function percentile(sorted: readonly number[], share: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))]!;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

function benchSize(size: number, options: PipelineOptions, sampler: ReturnType<typeof startRssSampler>): void {
  const stories = generateCorpus(size, size).sort((a, b) => (a.id < b.id ? -1 : 1));
  sampler.reset();
  let start = performance.now();
  const corpus = buildCorpus(
    stories.map((story) => story.text),
    { features: options.representation.features, ...(options.concepts ? { concepts: options.concepts } : {}) },
  );
  const analysed = seconds(start);
  const representation = fitRepresentation(corpus, options.representation);
  const represented = seconds(start);
  const context = createContext(
    stories.map((story) => story.id),
    { count: size, dimensions: representation.model.dimensions, data: representation.vectors },
    buildKeywordIndex(corpus),
  );
  console.log(`size ${size}`);
  console.log(`  representation: ${Math.round(size / represented)} stories/s (${represented.toFixed(1)} s; analysis ${Math.round(size / analysed)} stories/s, fit ${(represented - analysed).toFixed(1)} s, ${representation.model.tfidf.terms.length} terms, ${representation.model.dimensions} dims)`);

  start = performance.now();
  const run = discoverThemes(context, options.cluster);
  console.log(`  re-clustering: ${seconds(start).toFixed(1)} s (${run.themes.length} themes, ${run.unassignedIds.length} unassigned)`);

  const fresh = generateCorpus(200, size + 1);
  const latencies = fresh
    .map((story) => {
      const t = performance.now();
      assignVector(representText(representation.model, story.text), run.themes, run.floor);
      return performance.now() - t;
    })
    .sort((a, b) => a - b);
  console.log(`  assignment: median ${percentile(latencies, 0.5).toFixed(2)} ms, p95 ${percentile(latencies, 0.95).toFixed(2)} ms`);

  const [first, second] = run.themes;
  if (first && second) {
    start = performance.now();
    applyCuration(run, [{ type: 'merge', themeIds: [first.id, second.id], into: first.id }], context);
    console.log(`  curation (merge + keywords): ${(seconds(start) * 1000).toFixed(0)} ms`);
  }
  console.log(`  peak RSS: ${sampler.peakMb().toFixed(0)} MB`);
}

function benchSignals(): void {
  const options = { framework: compileFramework(frameworkSeed()), classifier: tagSeed(), neighbours: labelledNeighbours(), urgencyModel: urgencySeed() };
  const texts = allLabelledStories().map((story) => story.text);
  readSignals(texts[0]!, options);
  const times = texts
    .map((text) => {
      const t = performance.now();
      readSignals(text, options);
      return performance.now() - t;
    })
    .sort((a, b) => a - b);
  const total = times.reduce((sum, time) => sum + time, 0);
  console.log(`signals (tags + tone + safety): median ${percentile(times, 0.5).toFixed(2)} ms, p95 ${percentile(times, 0.95).toFixed(2)} ms per story, ${Math.round((1000 * texts.length) / total)} stories/s (${texts.length} labelled stories)`);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1000,10000,100000' }, lexical: { type: 'boolean', default: false } } });
  const sizes = values.sizes.split(',').map(Number);
  const sampler = startRssSampler();
  let start = performance.now();
  analyze('wachtlijst');
  console.log(`dictionary load: ${seconds(start).toFixed(1)} s`);
  start = performance.now();
  const options: PipelineOptions = { ...defaultPipelineOptions(), ...(values.lexical ? { concepts: null } : {}) };
  console.log(`concepts: ${values.lexical ? 'off' : `${seconds(start).toFixed(1)} s to prepare (topic lexicons, seed classifier, labelled stories)`}`);
  benchSignals();
  for (const size of sizes) benchSize(size, options, sampler);
  await sampler.stop();
}

await main();
