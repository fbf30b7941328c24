/**
 * Measures topic tags, tone and safety signals on a labelled JSONL file (one story per line:
 * text, tags (topic keys), tone, urgent) and prints one figure per line. A file may also be
 * named by its labelled set (eval, dev, dev2, blind-a, blind-b; see labelled.ts).
 *
 *   node --import tsx scripts/eval-signals.ts [file.jsonl | set] [--train other[,more]] [--errors]
 *
 * TAG_MICRO_F1 is what a fresh installation does: the lexicons plus the seed classifier learnt from
 * the labelled stories (optimistic on those sets, honest on held-out); the _LEXICON_ONLY figure
 * leaves the classifier out. The 5-fold figure is a cross-validation: the labels of 4/5 of the
 * stories are used as reviewers' corrections, the rest is tagged with lexicon + learnt classifier.
 * --train also learns from all labels of other files (comma-separated) and tags this one: the most
 * honest figure of what reviewers' corrections bring to stories nobody tuned on. It also learns an urgency
 * model from that file's urgent flags and prints safety recall/precision with it.
 * --save-urgency-model file writes that urgency model (the seed model is made this way).
 * Safety is also measured with the shipped seed urgency model; on the sets it was learnt from
 * (dev, eval, dev2) that figure is optimistic.
 * --errors also lists every wrong prediction on stderr (for improving the lexicons; never use it
 * on a held-out set).
 */
import { writeFileSync } from 'node:fs';
import { analyze, type AnalyzedText } from '../workers/pipelines/text/analyze.ts';
import { addSets, assignFolds, emptyCounts, scores, type Counts } from '../workers/pipelines/signals/evaluation.ts';
import { LABELLED_SETS, labelledSet, readLabelledFile, type LabelledStory } from '../workers/pipelines/signals/labelled.ts';
import { compileFramework } from '../workers/pipelines/signals/lexicon-tagger.ts';
import { assessSafety } from '../workers/pipelines/signals/safety.ts';
import { frameworkSeed, tagSeed, urgencySeed } from '../workers/pipelines/signals/seeds.ts';
import { serializeClassifier } from '../workers/pipelines/signals/classifier.ts';
import { buildNeighbourIndex } from '../workers/pipelines/signals/neighbours.ts';
import { labelledNeighbours, labelsAsCorrections, learnFromCorrections, tagStory } from '../workers/pipelines/signals/tagger.ts';
import { assessTone } from '../workers/pipelines/signals/tone.ts';
import { assessUrgency, learnUrgency } from '../workers/pipelines/signals/urgency.ts';

const FOLDS = 5;
const FOLD_SEED = 42;

type Story = LabelledStory & { analyzed: AnalyzedText };

const args = process.argv.slice(2);
const trainAt = args.indexOf('--train');
const trainFile = trainAt >= 0 ? args[trainAt + 1] : undefined;
if (trainAt >= 0 && !trainFile) throw new Error('--train needs a file');
const saveAt = args.indexOf('--save-urgency-model');
const saveFile = saveAt >= 0 ? args[saveAt + 1] : undefined;
if (saveAt >= 0 && (!saveFile || !trainFile)) throw new Error('--save-urgency-model needs a file and --train');
const file =
  args.find((arg, i) => !arg.startsWith('--') && (trainAt < 0 || i !== trainAt + 1) && (saveAt < 0 || i !== saveAt + 1)) ??
  'eval';
const showErrors = args.includes('--errors');

function readStories(fileOrSet: string): Story[] {
  const set = LABELLED_SETS.find((name) => name === fileOrSet);
  return (set ? labelledSet(set) : readLabelledFile(fileOrSet)).map((story) => ({ ...story, analyzed: analyze(story.text) }));
}

const stories = readStories(file);

const framework = compileFramework(frameworkSeed());
const topics = framework.topics.map((topic) => topic.key);
const print = (name: string, value: number): void => console.log(`${name} ${value.toFixed(3)}`);
const report = (line: string): void => {
  if (showErrors) console.error(line);
};

const micro = emptyCounts();
const perTopic = new Map<string, Counts>(topics.map((topic) => [topic, emptyCounts()]));
let toneCorrect = 0;
const safety = emptyCounts();
const seeded = emptyCounts();
const seedModel = urgencySeed();
const seedClassifier = tagSeed();
const neighbours = labelledNeighbours();
const lexiconOnly = emptyCounts();

for (const story of stories) {
  const tone = assessTone(story.text, { analyzed: story.analyzed });
  const tags = tagStory(story.text, { framework, classifier: seedClassifier, neighbours, analyzed: story.analyzed, tone: tone.tone });
  const predicted = new Set(tags.map((tag) => tag.topic));
  const expected = new Set(story.tags);
  addSets(micro, predicted, expected);
  const byLexicon = tagStory(story.text, { framework, analyzed: story.analyzed, tone: tone.tone });
  addSets(lexiconOnly, new Set(byLexicon.map((tag) => tag.topic)), expected);
  for (const topic of topics) addSets(perTopic.get(topic)!, setOf(predicted, topic), setOf(expected, topic));
  for (const topic of predicted) {
    if (!expected.has(topic)) report(`TAG+ ${topic} [${tags.find((tag) => tag.topic === topic)!.evidence.join(' | ')}] ${story.text}`);
  }
  for (const topic of expected) if (!predicted.has(topic)) report(`TAG- ${topic} ${story.text}`);

  if (tone.tone === story.tone) toneCorrect++;
  else report(`TONE ${story.tone}→${tone.tone} ${tone.positive.toFixed(1)}/${tone.negative.toFixed(1)} ${story.text}`);

  const urgent = assessSafety(story.text, { analyzed: story.analyzed });
  addSets(safety, new Set(urgent.urgent ? ['urgent'] : []), new Set(story.urgent ? ['urgent'] : []));
  if (urgent.urgent !== story.urgent) report(`SAFETY ${story.urgent ? 'missed' : 'extra'} ${urgent.reasons.join(' / ')} ${story.text}`);
  const withSeed = assessUrgency(story.text, { analyzed: story.analyzed, model: seedModel });
  addSets(seeded, new Set(withSeed.urgent ? ['urgent'] : []), new Set(story.urgent ? ['urgent'] : []));
}

const tagScores = scores(micro);
print('TAG_MICRO_F1', tagScores.f1);
print('TAG_MICRO_PRECISION', tagScores.precision);
print('TAG_MICRO_RECALL', tagScores.recall);
const lexiconScores = scores(lexiconOnly);
print('TAG_MICRO_F1_LEXICON_ONLY', lexiconScores.f1);
print('TAG_MICRO_PRECISION_LEXICON_ONLY', lexiconScores.precision);
print('TAG_MICRO_RECALL_LEXICON_ONLY', lexiconScores.recall);
for (const [topic, counts] of perTopic) {
  const topicScores = scores(counts);
  print(`TAG_PRECISION_${topic}`, topicScores.precision);
  print(`TAG_RECALL_${topic}`, topicScores.recall);
  print(`TAG_F1_${topic}`, topicScores.f1);
}
print('TONE_ACCURACY', toneCorrect / stories.length);
const safetyScores = scores(safety);
print('SAFETY_RECALL', safetyScores.recall);
print('SAFETY_PRECISION', safetyScores.precision);
const seededScores = scores(seeded);
print('SAFETY_RECALL_WITH_SEED_URGENCY_MODEL', seededScores.recall);
print('SAFETY_PRECISION_WITH_SEED_URGENCY_MODEL', seededScores.precision);
const folded = crossValidate();
print('TAG_MICRO_F1_LEXICON_PLUS_CLASSIFIER_5FOLD', folded.f1);
print('TAG_MICRO_PRECISION_LEXICON_PLUS_CLASSIFIER_5FOLD', folded.precision);
print('TAG_MICRO_RECALL_LEXICON_PLUS_CLASSIFIER_5FOLD', folded.recall);
if (trainFile) {
  const counts = emptyCounts();
  const trainStories = trainFile.split(',').flatMap(readStories);
  learnAndTag(trainStories, stories, counts);
  const trained = scores(counts);
  print('TAG_MICRO_F1_LEXICON_PLUS_CLASSIFIER_TRAINED_ON_OTHER_FILE', trained.f1);
  print('TAG_MICRO_PRECISION_LEXICON_PLUS_CLASSIFIER_TRAINED_ON_OTHER_FILE', trained.precision);
  print('TAG_MICRO_RECALL_LEXICON_PLUS_CLASSIFIER_TRAINED_ON_OTHER_FILE', trained.recall);
  const model = learnUrgency(trainStories.map((story) => ({ text: story.text, urgent: story.urgent })));
  if (saveFile) writeFileSync(saveFile, serializeClassifier(model) + '\n');
  const flagged = emptyCounts();
  for (const story of stories) {
    const result = assessUrgency(story.text, { analyzed: story.analyzed, model });
    addSets(flagged, new Set(result.urgent ? ['urgent'] : []), new Set(story.urgent ? ['urgent'] : []));
  }
  const learnt = scores(flagged);
  print('SAFETY_RECALL_WITH_URGENCY_MODEL_TRAINED_ON_OTHER_FILE', learnt.recall);
  print('SAFETY_PRECISION_WITH_URGENCY_MODEL_TRAINED_ON_OTHER_FILE', learnt.precision);
}

function crossValidate(): ReturnType<typeof scores> {
  const folds = assignFolds(stories.length, FOLDS, FOLD_SEED);
  const counts = emptyCounts();
  for (let fold = 0; fold < FOLDS; fold++) {
    learnAndTag(stories.filter((_, i) => folds[i] !== fold), stories.filter((_, i) => folds[i] === fold), counts);
  }
  return scores(counts);
}

/** Learns classifier and neighbours from the labels of `training` and tags `tagged` as the worker would. */
function learnAndTag(training: readonly Story[], tagged: readonly Story[], counts: Counts): void {
  const classifier = learnFromCorrections(labelsAsCorrections(training, topics), { framework });
  const index = buildNeighbourIndex(training);
  for (const story of tagged) {
    const tags = tagStory(story.text, { framework, classifier, neighbours: index, analyzed: story.analyzed });
    addSets(counts, new Set(tags.map((tag) => tag.topic)), new Set(story.tags));
  }
}

function setOf(labels: ReadonlySet<string>, topic: string): Set<string> {
  return new Set(labels.has(topic) ? [topic] : []);
}
