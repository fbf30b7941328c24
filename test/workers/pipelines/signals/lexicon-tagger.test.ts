import { expect } from 'chai';
import { compileFramework, scoreTopics } from '../../../../workers/pipelines/signals/lexicon-tagger.ts';
import { tagStory } from '../../../../workers/pipelines/signals/tagger.ts';
import { frameworkSchema, type Framework } from '../../../../workers/pipelines/signals/schemas.ts';
import { frameworkSeed } from '../../../../workers/pipelines/signals/seeds.ts';

const TOPICS = [
  'waiting', 'listened_to', 'trust_match', 'too_many_caregivers', 'transition_18', 'privacy',
  'placement_safety', 'bureaucracy_turnover', 'labelling', 'whole_family', 'school', 'positive_help',
];

const topicsOf = (text: string): string[] => tagStory(text).map((tag) => tag.topic);

describe('signals/lexicon-tagger', () => {
  it('the seed framework has the twelve topics, each with a Dutch label, description and lexicon', () => {
    const framework = frameworkSeed();
    expect(framework.topics.map((topic) => topic.key)).to.deep.equal(TOPICS);
    for (const topic of framework.topics) {
      expect(topic.label.length, topic.key).to.be.above(3);
      expect(topic.description, topic.key).to.match(/\.$/);
      expect(topic.lexicon.length, topic.key).to.be.at.least(30);
      expect(new Set(topic.lexicon.map((entry) => entry.term)).size, topic.key).to.equal(topic.lexicon.length);
    }
  });

  it('rejects a framework with an invalid weight', () => {
    const broken = { version: 1, threshold: 0.5, topics: [{ key: 'x', label: 'X', description: 'X.', lexicon: [{ term: 'a', weight: 2 }] }] };
    expect(frameworkSchema.safeParse(broken).success).to.equal(false);
  });

  const examples: Array<[string, string]> = [
    ['We staan al acht maanden op de wachtlijst en niemand belt terug.', 'waiting'],
    ['Bij het gesprek werd over mijn hoofd heen beslist, ik mocht niks zeggen.', 'listened_to'],
    ['Met mijn vaste begeleider had ik meteen een klik, bij haar kon ik alles kwijt.', 'trust_match'],
    ['Weer een nieuwe hulpverlener, en weer moest ik mijn hele verhaal opnieuw vertellen.', 'too_many_caregivers'],
    ['Toen ik 18 werd stopte de jeugdhulp en stond ik er ineens alleen voor.', 'transition_18'],
    ['Ze hebben mijn dossier zonder mijn toestemming aan school gegeven.', 'privacy'],
    ['Na de uithuisplaatsing zat ik op een gesloten groep met veel groepsleiding.', 'placement_safety'],
    ['Zoveel formulieren en papierwerk, en door het personeelstekort steeds invallers.', 'bureaucracy_turnover'],
    ['Hij kreeg meteen het label ADHD, ze dachten niet verder.', 'labelling'],
    ['Ze keken alleen naar mijn zoon, terwijl het hele gezin hulp nodig had.', 'whole_family'],
    ['Mijn dochter is een thuiszitter, de leerplichtambtenaar belt elke week.', 'school'],
    ['De hulp heeft ons echt goed geholpen, het gaat nu veel beter thuis.', 'positive_help'],
  ];
  for (const [text, topic] of examples) {
    it(`tags "${text}" as ${topic}`, () => {
      expect(topicsOf(text)).to.include(topic);
    });
  }

  it('a negated positive phrase is no sign of help that worked, but the topic of a negated complaint stays', () => {
    expect(topicsOf('Ze hebben ons goed geholpen.')).to.include('positive_help');
    expect(topicsOf('Ze hebben ons niet goed geholpen.')).to.not.include('positive_help');
    expect(topicsOf('Ze hebben niet naar mij geluisterd.')).to.include('listened_to');
  });

  it('one weak word is not enough, two together are', () => {
    const framework = compileFramework(frameworkSeed());
    const score = (text: string): number => scoreTopics(text, framework).find((topic) => topic.topic === 'waiting')!.score;
    expect(score('De aanmelding ging via de huisarts.')).to.be.below(framework.threshold);
    expect(score('De aanmelding en de intake gingen via de huisarts.')).to.be.at.least(framework.threshold);
  });

  it('reports the words behind a tag, strongest first', () => {
    const tag = tagStory('We stonden op de wachtlijst en hebben maanden gewacht.').find((t) => t.topic === 'waiting')!;
    expect(tag.source).to.equal('lexicon');
    expect(tag.evidence).to.include('wachtlijst');
    expect(tag.evidence).to.include('maanden gewacht');
    expect(tag.score).to.be.within(0.5, 1);
  });

  it('tags with a framework edited by an admin', () => {
    const edited: Framework = frameworkSchema.parse({
      version: 2,
      threshold: 0.5,
      topics: [{ key: 'sport', label: 'Sport', description: 'Sporten als hulp.', lexicon: [{ term: 'voetballen', weight: 0.8 }] }],
    });
    expect(tagStory('Ik mocht weer voetballen.', { framework: compileFramework(edited) }).map((tag) => tag.topic)).to.deep.equal(['sport']);
  });

  it('decides each topic at its own threshold when the topic sets one', () => {
    const edited = compileFramework(
      frameworkSchema.parse({
        version: 2,
        threshold: 0.5,
        topics: [
          { key: 'sport', label: 'Sport', description: 'Sporten.', lexicon: [{ term: 'voetballen', weight: 0.6 }] },
          { key: 'muziek', label: 'Muziek', description: 'Muziek.', threshold: 0.7, lexicon: [{ term: 'gitaar', weight: 0.6 }] },
        ],
      }),
    );
    expect(tagStory('Ik mocht voetballen en gitaar spelen.', { framework: edited }).map((tag) => tag.topic)).to.deep.equal(['sport']);
    expect(scoreTopics('Ik speel gitaar.', edited).find((topic) => topic.topic === 'muziek')!.threshold).to.equal(0.7);
  });

  it('a topic bound to tones scores nothing in a story of another tone', () => {
    const framework = compileFramework(frameworkSeed());
    const text = 'De gezinscoach heeft ons geholpen met de formulieren.';
    const help = (tone?: 'positive' | 'negative' | 'mixed'): number =>
      scoreTopics(text, framework, undefined, tone).find((topic) => topic.topic === 'positive_help')!.score;
    expect(help('positive')).to.be.above(0);
    expect(help('negative')).to.equal(0);
    const complaint = 'Dankzij de hulp zou het beter gaan zeiden ze, maar het is verschrikkelijk en niemand luistert.';
    expect(scoreTopics(complaint, framework, undefined, 'positive').find((topic) => topic.topic === 'positive_help')!.score).to.be.at.least(0.5);
    expect(topicsOf(complaint)).to.not.include('positive_help');
    expect(topicsOf('Ze hebben ons echt goed geholpen, ik ben zo blij.')).to.include('positive_help');
  });
});
