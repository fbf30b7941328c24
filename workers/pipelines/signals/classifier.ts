/**
 * One-vs-rest logistic regression over sparse named features, trained with stochastic gradient
 * descent and L2 regularisation, small enough to store as JSON next to the framework.
 *
 * Each label has its own binary model. A model may start from a prior (bias and weights), and
 * the L2 penalty pulls weights towards that prior instead of towards zero: with no examples the
 * model says what the prior says (e.g. "trust the lexicon score"), and reviewers' corrections
 * move it away only as far as the evidence goes.
 *
 * Training is deterministic (seeded shuffling) and pure: it returns a new model.
 */
import { z } from 'zod';
import { seededRandom } from '../text/random.ts';

/** Sparse feature vector: feature name → value. Absent features are 0. */
export type Features = ReadonlyMap<string, number>;

export interface Prior {
  bias: number;
  weights: Record<string, number>;
}

export interface BinaryModel {
  bias: number;
  weights: Record<string, number>;
  prior: Prior;
  /** examples seen so far, to decide whether the model has learnt enough to be trusted */
  positives: number;
  negatives: number;
}

export interface Classifier {
  version: 1;
  labels: Record<string, BinaryModel>;
}

export interface LabelledExample {
  features: Features;
  label: string;
  present: boolean;
}

export interface TrainOptions {
  epochs: number;
  learningRate: number;
  /** strength of the pull towards the prior */
  l2: number;
  /** weigh the rarer class up so a topic in 10% of stories is not learnt as "never" */
  balanceClasses: boolean;
  /** cap on that weight: full balancing turns a rare topic's decision point into "as likely as not", which over-tags */
  maxClassWeight: number;
  seed: number;
}

export const DEFAULT_TRAIN_OPTIONS: TrainOptions = { epochs: 30, learningRate: 2, l2: 0.01, balanceClasses: true, maxClassWeight: 2, seed: 1 };

export function createClassifier(labels: readonly string[], priors: Readonly<Record<string, Prior>> = {}): Classifier {
  const models: Record<string, BinaryModel> = {};
  for (const label of labels) {
    const prior = priors[label] ?? { bias: 0, weights: {} };
    models[label] = { bias: prior.bias, weights: { ...prior.weights }, prior: clonePrior(prior), positives: 0, negatives: 0 };
  }
  return { version: 1, labels: models };
}

function clonePrior(prior: Prior): Prior {
  return { bias: prior.bias, weights: { ...prior.weights } };
}

function sigmoid(x: number): number {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

function margin(model: BinaryModel, features: Features): number {
  let sum = model.bias;
  for (const [name, value] of features) sum += (model.weights[name] ?? 0) * value;
  return sum;
}

/** Probability that each label applies. */
export function predict(classifier: Classifier, features: Features): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [label, model] of Object.entries(classifier.labels)) result[label] = sigmoid(margin(model, features));
  return result;
}

/** The features that pushed a label up most for this input, strongest first. */
export function explain(classifier: Classifier, label: string, features: Features, limit = 5): string[] {
  const model = classifier.labels[label];
  if (!model) return [];
  return [...features]
    .map(([name, value]) => ({ name, contribution: (model.weights[name] ?? 0) * value }))
    .filter((item) => item.contribution > 0)
    .sort((a, b) => b.contribution - a.contribution)
    .slice(0, limit)
    .map((item) => item.name);
}

/**
 * Continues training from the classifier's current weights on these examples. Retraining from
 * scratch is `train(createClassifier(labels, priors), allExamples)`; an incremental update is
 * `train(current, newCorrections)`. Examples for unknown labels add that label (with no prior).
 */
export function train(classifier: Classifier, examples: readonly LabelledExample[], options: Partial<TrainOptions> = {}): Classifier {
  const settings = { ...DEFAULT_TRAIN_OPTIONS, ...options };
  const labels: Record<string, BinaryModel> = {};
  for (const [label, model] of Object.entries(classifier.labels)) {
    labels[label] = { ...model, weights: { ...model.weights }, prior: clonePrior(model.prior) };
  }
  const byLabel = new Map<string, LabelledExample[]>();
  for (const example of examples) {
    labels[example.label] ??= { bias: 0, weights: {}, prior: { bias: 0, weights: {} }, positives: 0, negatives: 0 };
    const list = byLabel.get(example.label);
    if (list) list.push(example);
    else byLabel.set(example.label, [example]);
  }
  for (const [label, list] of byLabel) trainBinary(labels[label]!, list, settings);
  return { version: 1, labels };
}

function trainBinary(model: BinaryModel, examples: readonly LabelledExample[], options: TrainOptions): void {
  for (const example of examples) {
    if (example.present) model.positives++;
    else model.negatives++;
  }
  const total = model.positives + model.negatives;
  const classWeight = (present: boolean): number => {
    if (!options.balanceClasses) return 1;
    const count = present ? model.positives : model.negatives;
    return Math.min(options.maxClassWeight, total / (2 * Math.max(1, count)));
  };
  const random = seededRandom(options.seed);
  const order = examples.map((_, i) => i);
  let step = 0;
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const example = examples[i]!;
      const rate = options.learningRate / (1 + 0.01 * step++);
      const error = ((example.present ? 1 : 0) - sigmoid(margin(model, example.features))) * classWeight(example.present);
      model.bias += rate * error;
      for (const [name, value] of example.features) {
        const weight = model.weights[name] ?? 0;
        const pulled = weight - (model.prior.weights[name] ?? 0);
        model.weights[name] = weight + rate * (error * value - options.l2 * pulled);
      }
    }
  }
}

function shuffle(items: number[], random: () => number): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
}

const priorSchema = z.object({ bias: z.number(), weights: z.record(z.string(), z.number()) });
const classifierSchema = z.object({
  version: z.literal(1),
  labels: z.record(
    z.string(),
    z.object({
      bias: z.number(),
      weights: z.record(z.string(), z.number()),
      prior: priorSchema,
      positives: z.number().int().nonnegative(),
      negatives: z.number().int().nonnegative(),
    }),
  ),
});

/**
 * Drops weights too small to change a decision (|w| < minWeight, with no prior on that feature):
 * a feature value is at most 1, so each moves the margin by less than minWeight. For the seed
 * models shipped with the code, which would otherwise carry every word of the training stories.
 */
export function pruneClassifier(classifier: Classifier, minWeight: number): Classifier {
  const labels: Record<string, BinaryModel> = {};
  for (const [label, model] of Object.entries(classifier.labels)) {
    const weights = Object.fromEntries(
      Object.entries(model.weights).filter(([name, weight]) => Math.abs(weight) >= minWeight || name in model.prior.weights),
    );
    labels[label] = { ...model, weights, prior: clonePrior(model.prior) };
  }
  return { version: 1, labels };
}

/** JSON for storage; weights are rounded to keep the stored model small. */
export function serializeClassifier(classifier: Classifier): string {
  return JSON.stringify(classifier, (_key, value: unknown) =>
    typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e6) / 1e6 : value,
  );
}

export function parseClassifier(json: string): Classifier {
  return classifierSchema.parse(JSON.parse(json));
}
