import { expect } from 'chai';
import { generateCorpus } from '../../../../scripts/generate-corpus.ts';
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
});
