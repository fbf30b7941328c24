import { expect } from 'chai';
import { generateCorpus } from '../../../../scripts/generate-corpus.ts';
import { labelledSet } from '../../../../workers/pipelines/signals/labelled.ts';
import { seededRandom } from '../../../../workers/pipelines/text/random.ts';
import { representText } from '../../../../workers/pipelines/text/representation.ts';
import { assignVector } from '../../../../workers/pipelines/themes/assign.ts';
import { normalizedMutualInformation } from '../../../../workers/pipelines/themes/metrics.ts';
import { defaultPipelineOptions, themeStories, type PipelineOptions } from '../../../../workers/pipelines/themes/pipeline.ts';

describe('theme pipeline (representation → clustering → themes)', function () {
  this.timeout(120_000);
  const stories = generateCorpus(400, 12);
  const options: PipelineOptions = { ...defaultPipelineOptions(), concepts: null };
  const result = themeStories(stories, options);
  const themeOf = new Map(result.run.themes.flatMap((theme) => theme.memberIds.map((id) => [id, theme.id] as const)));

  it('recovers the themes of composed stories without being told how many', () => {
    const found = stories.map((story) => themeOf.get(story.id) ?? 'none');
    expect(normalizedMutualInformation(stories.map((story) => story.theme), found)).to.be.above(0.8);
    expect(result.run.unassignedIds.length / stories.length).to.be.at.most(0.1);
  });

  it('gives identical themes for the same stories in another order', () => {
    const random = seededRandom(1);
    const shuffled = [...stories].sort(() => random() - 0.5);
    const again = themeStories(shuffled, options);
    expect(again.run.themes.map((theme) => theme.memberIds)).to.deep.equal(result.run.themes.map((theme) => theme.memberIds));
    expect(again.representation.model.tfidf.version).to.equal(result.representation.model.tfidf.version);
  });

  it('places a new story in the theme of its kind with the fitted model', () => {
    const fresh = generateCorpus(30, 77);
    let agree = 0;
    for (const story of fresh) {
      const vector = representText(result.representation.model, story.text);
      const { themeId } = assignVector(vector, result.run.themes, result.run.floor);
      const members = result.run.themes.find((theme) => theme.id === themeId)?.memberIds ?? [];
      const kinds = members.map((id) => stories.find((s) => s.id === id)!.theme);
      const majority = kinds.sort((a, b) => kinds.filter((k) => k === b).length - kinds.filter((k) => k === a).length)[0];
      if (majority === story.theme) agree++;
    }
    expect(agree / fresh.length).to.be.at.least(0.8);
  });

  it('uses the framework concepts when they are given', () => {
    const guided = themeStories(stories.slice(0, 120));
    expect(guided.representation.model.dimensions).to.equal(guided.representation.model.lsa.dimensions + guided.representation.model.concepts!.names.length);
  });

  it('lets stories about something the framework does not know form their own theme', () => {
    // The taxi to day care and school is in no topic lexicon; a few words ("te laat", "wachten")
    // touch "waiting". With the concepts weighed by evidence, the taxi stories still find each other.
    const taxi = [
      'de taxi naar de dagbesteding komt steeds te laat',
      'Elke ochtend staat mijn zoon een uur te wachten op de taxi.',
      'het taxibusje rijdt een enorme omweg, ik zit er anderhalf uur in',
      'De taxichauffeur wisselt elke week, mijn dochter raakt daar van slag van.',
      'taxi kwam vandaag helemaal niet. niemand belde',
      'Het vervoer naar de therapie is zo slecht geregeld dat we afspraken missen.',
      'in de taxi zitten kinderen die mij pesten en de chauffeur doet niks',
      'De vervoerder heeft ons kind een keer bij de verkeerde school afgezet.',
      'ik word misselijk in dat busje en we rijden langs vijf adressen',
      'Het leerlingenvervoer is voor hem de zwaarste tijd van de dag.',
      'de taxi kwam weer niet dus ik heb de hele dag thuis gezeten',
      'Wij moeten elke keer opnieuw vervoer aanvragen, terwijl het altijd dezelfde rit is.',
      'de chauffeur rookt in de taxi en scheldt op het verkeer',
      'Door het vervoer komt hij elke dag te laat bij de dagbehandeling.',
      'ik wil zelf met de bus maar dat mag niet, ik moet met de taxi',
    ].map((text, i) => ({ id: `taxi-${i}`, text }));
    const corpus = [...labelledSet('eval').map((story) => ({ id: story.id, text: story.text })), ...taxi];
    const { run } = themeStories(corpus);
    const taxiTheme = run.themes.find((theme) => theme.memberIds.filter((id) => id.startsWith('taxi-')).length >= 5);
    expect(taxiTheme, 'a theme with at least 5 taxi stories').to.not.equal(undefined);
    expect(taxiTheme!.memberIds.filter((id) => id.startsWith('taxi-')).length / taxiTheme!.memberIds.length).to.be.at.least(0.8);
    expect(taxiTheme!.keywords.slice(0, 3).map((keyword) => keyword.word)).to.include('taxi');
  });
});

