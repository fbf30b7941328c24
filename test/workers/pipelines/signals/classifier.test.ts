import { expect } from 'chai';
import {
  pruneClassifier,
  createClassifier,
  explain,
  parseClassifier,
  predict,
  serializeClassifier,
  train,
  type LabelledExample,
} from '../../../../workers/pipelines/signals/classifier.ts';

const features = (...names: string[]): Map<string, number> => new Map(names.map((name) => [name, 1 / Math.sqrt(names.length)]));

/** Toy set: "rain" and "umbrella" mean weather; "ball" and "goal" mean sport; "the" is noise. */
function toyExamples(): LabelledExample[] {
  const weather = [['rain', 'the'], ['umbrella', 'the'], ['rain', 'umbrella'], ['rain', 'cloud'], ['umbrella', 'cloud', 'the']];
  const sport = [['ball', 'the'], ['goal', 'the'], ['ball', 'goal'], ['goal', 'field'], ['ball', 'field', 'the']];
  return [
    ...weather.flatMap((names) => [
      { features: features(...names), label: 'weather', present: true },
      { features: features(...names), label: 'sport', present: false },
    ]),
    ...sport.flatMap((names) => [
      { features: features(...names), label: 'sport', present: true },
      { features: features(...names), label: 'weather', present: false },
    ]),
  ];
}

describe('signals/classifier', () => {
  it('learns a separable toy set', () => {
    const model = train(createClassifier(['weather', 'sport']), toyExamples());
    const rainy = predict(model, features('rain', 'the'));
    const sporty = predict(model, features('goal', 'ball'));
    expect(rainy.weather).to.be.above(0.8);
    expect(rainy.sport).to.be.below(0.2);
    expect(sporty.sport).to.be.above(0.8);
    expect(sporty.weather).to.be.below(0.2);
    expect(model.labels.weather!.positives).to.equal(5);
    expect(model.labels.weather!.negatives).to.equal(5);
  });

  it('without examples, says what its prior says', () => {
    const model = createClassifier(['weather'], { weather: { bias: -4, weights: { 'lex:weather': 8 } } });
    expect(predict(model, new Map([['lex:weather', 0.9]])).weather).to.be.above(0.9);
    expect(predict(model, new Map([['lex:weather', 0.1]])).weather).to.be.below(0.1);
  });

  it('improves from corrections, incrementally', () => {
    const base = train(createClassifier(['weather', 'sport']), toyExamples());
    const snow = features('snow', 'the');
    const before = predict(base, snow).weather!;
    const corrections: LabelledExample[] = [
      { features: snow, label: 'weather', present: true },
      { features: features('snow', 'cloud'), label: 'weather', present: true },
    ];
    const after = train(base, corrections);
    expect(predict(after, snow).weather).to.be.above(before);
    expect(predict(after, snow).weather).to.be.above(0.5);
    expect(after.labels.weather!.positives).to.equal(7);
    // the earlier knowledge is kept
    expect(predict(after, features('ball', 'goal')).sport).to.be.above(0.8);
    // training is pure: the base model did not change
    expect(predict(base, snow).weather).to.equal(before);
  });

  it('adds a label it has not seen before', () => {
    const model = train(createClassifier([]), [
      { features: features('x'), label: 'new', present: true },
      { features: features('y'), label: 'new', present: false },
    ]);
    expect(Object.keys(model.labels)).to.deep.equal(['new']);
    expect(predict(model, features('x')).new).to.be.above(predict(model, features('y')).new!);
  });

  it('is deterministic for the same examples and seed', () => {
    const a = train(createClassifier(['weather', 'sport']), toyExamples());
    const b = train(createClassifier(['weather', 'sport']), toyExamples());
    expect(serializeClassifier(a)).to.equal(serializeClassifier(b));
  });

  it('survives a JSON round trip with the same predictions', () => {
    const model = train(createClassifier(['weather', 'sport'], { sport: { bias: -1, weights: { field: 2 } } }), toyExamples());
    const restored = parseClassifier(serializeClassifier(model));
    for (const input of [features('rain'), features('goal', 'field'), features('the')]) {
      const original = predict(model, input);
      const again = predict(restored, input);
      for (const label of ['weather', 'sport']) expect(again[label]).to.be.closeTo(original[label]!, 1e-4);
    }
    expect(restored.labels.sport!.prior).to.deep.equal({ bias: -1, weights: { field: 2 } });
  });

  it('rejects a stored model that is not a classifier', () => {
    expect(() => parseClassifier('{"version":1,"labels":{"x":{"bias":"high"}}}')).to.throw();
  });

  it('explains a prediction by the features that pushed it up', () => {
    const model = train(createClassifier(['weather', 'sport']), toyExamples());
    expect(explain(model, 'weather', features('rain', 'goal'))).to.deep.equal(['rain']);
    expect(explain(model, 'unknown', features('rain'))).to.deep.equal([]);
  });

  it('weighs a rare label up, only as far as the class-weight cap allows', () => {
    // one ambiguous word ("maybe") in 2 positive and 18 negative examples
    const examples: LabelledExample[] = Array.from({ length: 20 }, (_, i) => ({
      features: features('maybe', i < 2 ? 'yes' : 'no'),
      label: 'rare',
      present: i < 2,
    }));
    const unseen = features('maybe');
    const capped = predict(train(createClassifier(['rare']), examples, { maxClassWeight: 1 }), unseen).rare!;
    const balanced = predict(train(createClassifier(['rare']), examples, { maxClassWeight: 5 }), unseen).rare!;
    expect(capped).to.be.below(balanced);
    expect(capped).to.be.below(0.5);
  });

  it('prunes only weights too small to matter, and keeps every weight its prior names', () => {
    const model = createClassifier(['a'], { a: { bias: 0, weights: { anchor: 0.001 } } });
    model.labels.a!.weights = { anchor: 0.001, strong: -0.5, faint: 0.004, edge: 0.01 };
    const pruned = pruneClassifier(model, 0.01);
    expect(pruned.labels.a!.weights).to.deep.equal({ anchor: 0.001, strong: -0.5, edge: 0.01 });
    expect(model.labels.a!.weights).to.have.property('faint');
  });
});

