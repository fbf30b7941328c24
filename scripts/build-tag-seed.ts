/**
 * Writes the seed tag classifier (workers/pipelines/signals/tag-seed.json): what the labelled
 * stories teach with the seed framework and no reviewers' corrections. Run after changing the
 * labelled stories, the topic lexicons or the classifier; a test fails while the file is stale.
 *
 *   npm run build:tag-seed
 */
import { writeFileSync } from 'node:fs';
import { serializeClassifier } from '../workers/pipelines/signals/classifier.ts';
import { compileFramework } from '../workers/pipelines/signals/lexicon-tagger.ts';
import { frameworkSeed } from '../workers/pipelines/signals/seeds.ts';
import { learnWithLabelledStories } from '../workers/pipelines/signals/tagger.ts';

const target = new URL('../workers/pipelines/signals/tag-seed.json', import.meta.url);
writeFileSync(target, serializeClassifier(learnWithLabelledStories([], compileFramework(frameworkSeed()))) + '\n');
console.log(`wrote ${target.pathname}`);
