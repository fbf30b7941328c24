import { expect } from 'chai';
import { compileFramework, scoreTopics } from '../../../../workers/pipelines/signals/lexicon-tagger.ts';
import { frameworkSeed, tagSeed } from '../../../../workers/pipelines/signals/seeds.ts';
import {
  emptyClassifier,
  learnFromCorrections,
  learnWithLabelledStories,
  tagStory,
  type Correction,
} from '../../../../workers/pipelines/signals/tagger.ts';
import { allLabelledStories } from '../../../../workers/pipelines/signals/labelled.ts';
import { buildNeighbourIndex } from '../../../../workers/pipelines/signals/neighbours.ts';
import { parseClassifier, serializeClassifier, type Classifier } from '../../../../workers/pipelines/signals/classifier.ts';

const framework = compileFramework(frameworkSeed());

const buddyStories = [
  'De buddy kwam elke week langs en we gingen samen wandelen.',
  'Mijn buddy is twee jaar ouder en snapt hoe het is.',
  'Met de buddy ging ik naar de bioscoop.',
  'Via de buddy leerde ik weer met de bus reizen.',
  'Ik app mijn buddy als het even niet gaat.',
  'De buddy hielp me met koken voor mezelf.',
];
const otherStories = [
  'We hadden een gesprek op het kantoor van de gemeente.',
  'Mijn broer woont in een andere stad.',
  'De trein had vertraging, dus ik was te laat.',
  'Op woensdag heb ik altijd zwemles.',
  'Mijn oma woont in een huis met een grote tuin.',
  'In de zomer gingen we naar de camping.',
];

function corrections(topic: string, present: readonly string[], absent: readonly string[]): Correction[] {
  return [...present.map((text) => ({ text, topic, present: true })), ...absent.map((text) => ({ text, topic, present: false }))];
}

describe('signals/tagger', () => {
  it('without a classifier, tags with the lexicon alone', () => {
    const tags = tagStory('We stonden een jaar op de wachtlijst.', { framework });
    expect(tags.map((tag) => [tag.topic, tag.source])).to.deep.equal([['waiting', 'lexicon']]);
  });

  it('an untrained classifier agrees with the lexicon', () => {
    const classifier = emptyClassifier(framework);
    const text = 'We stonden een jaar op de wachtlijst.';
    const lexiconOnly = tagStory(text, { framework });
    const withModel = tagStory(text, { framework, classifier, minExamples: 0 });
    expect(withModel.map((tag) => tag.topic)).to.deep.equal(lexiconOnly.map((tag) => tag.topic));
    expect(withModel[0]!.source).to.equal('both');
  });

  it('learns a word from reviewers that the lexicon does not know', () => {
    const text = 'Vorige week belde mijn buddy nog.';
    expect(tagStory(text, { framework }).map((tag) => tag.topic)).to.not.include('positive_help');
    const classifier = learnFromCorrections(corrections('positive_help', buddyStories, otherStories), { framework });
    const tag = tagStory(text, { framework, classifier }).find((t) => t.topic === 'positive_help');
    expect(tag, 'positive_help tag').to.not.equal(undefined);
    expect(tag!.source).to.equal('classifier');
    expect(tag!.evidence).to.include('buddy');
    expect(tag!.classifierScore).to.be.above(0.5);
  });

  it('learns from reviewers when a lexicon hit is a false alarm', () => {
    const notWaiting = [
      'Er was gelukkig geen wachtlijst, we konden meteen beginnen.',
      'Zonder wachtlijst konden we de volgende dag al starten.',
      'Bij deze aanbieder is er geen wachtlijst, dus dat ging snel.',
      'Geen wachtlijst en een fijne intake binnen een week.',
      'Er bleek geen wachtlijst te zijn, wat een opluchting.',
      'Ze hadden geen wachtlijst en belden direct terug.',
    ];
    const waiting = [
      'We stonden acht maanden op de wachtlijst.',
      'De wachtlijst was zo lang dat het thuis helemaal misging.',
      'Na een jaar wachtlijst kregen we eindelijk een intake.',
      'Nog steeds op de wachtlijst, niemand belt terug.',
      'De wachttijd was negen maanden, veel te lang.',
      'Maanden gewacht op een plek in de kliniek.',
    ];
    const text = 'Er was geen wachtlijst, we konden direct starten.';
    expect(tagStory(text, { framework }).map((tag) => tag.topic)).to.include('waiting');
    const classifier = learnFromCorrections(corrections('waiting', waiting, notWaiting), { framework });
    expect(tagStory(text, { framework, classifier }).map((tag) => tag.topic)).to.not.include('waiting');
    expect(tagStory('We staan al een half jaar op de wachtlijst.', { framework, classifier }).map((tag) => tag.topic)).to.include('waiting');
  });

  it('leaves a topic to the lexicon until its model has enough examples', () => {
    const few = learnFromCorrections(corrections('positive_help', buddyStories.slice(0, 2), otherStories.slice(0, 2)), { framework });
    const tags = tagStory('Vorige week belde mijn buddy nog.', { framework, classifier: few });
    expect(tags.map((tag) => tag.topic)).to.not.include('positive_help');
  });

  it('keeps learning from a stored model', () => {
    const first = learnFromCorrections(corrections('positive_help', buddyStories.slice(0, 3), otherStories.slice(0, 3)), { framework });
    const stored = parseClassifier(serializeClassifier(first));
    const second = learnFromCorrections(corrections('positive_help', buddyStories.slice(3), otherStories.slice(3)), { framework, classifier: stored });
    expect(second.labels.positive_help!.positives).to.equal(6);
    expect(second.labels.positive_help!.negatives).to.equal(6);
    expect(tagStory('Vorige week belde mijn buddy nog.', { framework, classifier: second }).map((tag) => tag.topic)).to.include('positive_help');
  });

  it('lets similar labelled stories lift a topic the classifier alone leaves out, never without a classifier', () => {
    const text = 'Vorige week belde mijn buddy nog.';
    const classifier = emptyClassifier(framework);
    const neighbours = buildNeighbourIndex([
      ...buddyStories.map((story) => ({ text: story, tags: ['positive_help'] })),
      ...otherStories.map((story) => ({ text: story, tags: ['whole_family'] })),
    ]);
    expect(tagStory(text, { framework, classifier, minExamples: 0 }).map((tag) => tag.topic)).to.not.include('positive_help');
    const lifted = tagStory(text, { framework, classifier, minExamples: 0, neighbours }).find((tag) => tag.topic === 'positive_help');
    expect(lifted, 'positive_help tag').to.not.equal(undefined);
    expect(lifted!.source).to.equal('classifier');
    expect(lifted!.classifierScore).to.be.below(0.5);
    expect(tagStory(text, { framework, neighbours }).map((tag) => tag.topic)).to.not.include('positive_help');
  });

  it('gives a story at most its two strongest topics', () => {
    const text = 'We stonden een jaar op de wachtlijst. Op school werd ik gepest en niemand luisterde naar mij. Mijn hele gezin had hulp nodig.';
    const scored = scoreTopics(text, framework).filter((topic) => topic.score > 0 && topic.score >= topic.threshold);
    expect(scored.length, 'topics past their threshold').to.be.above(2);
    const tags = tagStory(text, { framework });
    expect(tags.map((tag) => tag.topic)).to.deep.equal(
      [...scored].sort((a, b) => b.score - a.score).slice(0, 2).map((topic) => topic.topic),
    );
  });
});

describe('signals/tagger learning with the labelled stories', function () {
  this.timeout(60_000);
  let learnt: Classifier;
  const withSport = compileFramework({
    ...frameworkSeed(),
    topics: [...frameworkSeed().topics, { key: 'sport', label: 'Sport', description: 'Sporten en bewegen.', lexicon: [{ term: 'voetbal', weight: 0.6, negation: 'any' as const }] }],
  });
  const sportStories = ['Op voetbal voel ik me vrij.', 'Ik mag weer naar de sportschool.', 'Zwemmen helpt me om rustig te worden.', 'Met hockey heb ik vrienden.', 'De trainer van de atletiekclub is top.', 'Elke zaterdag ga ik tennissen.'];
  before(() => {
    learnt = learnWithLabelledStories(corrections('sport', sportStories, otherStories), withSport);
  });

  it('the shipped seed tags every labelled story exactly as a freshly learnt one does', () => {
    const fresh = learnWithLabelledStories([], framework);
    for (const story of allLabelledStories()) {
      const topicsBy = (classifier: Classifier) => tagStory(story.text, { framework, classifier }).map((tag) => tag.topic);
      expect(topicsBy(tagSeed()), `${story.id}: run npm run build:tag-seed`).to.deep.equal(topicsBy(fresh));
    }
  });

  it('learns the seed topics from the labelled stories and an added topic only from reviewers, whose corrections count double', () => {
    expect(learnt.labels.waiting!.positives + learnt.labels.waiting!.negatives).to.equal(allLabelledStories().length);
    expect(learnt.labels.sport).to.include({ positives: 2 * sportStories.length, negatives: 2 * otherStories.length });
    expect(tagStory('Na school ga ik naar de sportschool.', { framework: withSport, classifier: learnt }).map((tag) => tag.topic)).to.include('sport');
  });
});

