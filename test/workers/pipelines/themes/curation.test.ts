import { expect } from 'chai';
import { generateCorpus } from '../../../../scripts/generate-corpus.ts';
import { applyCuration, type CurationOperation } from '../../../../workers/pipelines/themes/curation.ts';
import { matchRuns } from '../../../../workers/pipelines/themes/match.ts';
import { defaultPipelineOptions, representStories } from '../../../../workers/pipelines/themes/pipeline.ts';
import { discoverThemes, type ThemeRun } from '../../../../workers/pipelines/themes/run.ts';

describe('applyCuration', function () {
  this.timeout(60_000);
  const stories = generateCorpus(240, 8);
  const { context } = representStories(stories, { ...defaultPipelineOptions(), concepts: null });
  const run = discoverThemes(context);
  const [first, second, third] = run.themes;
  const themeOf = (result: ThemeRun, storyId: string): string | null =>
    result.themes.find((theme) => theme.memberIds.includes(storyId))?.id ?? null;

  it('renames a theme and keeps the machine label beside the name', () => {
    const { run: curated } = applyCuration(run, [{ type: 'rename', themeId: first!.id, name: 'Lang wachten' }], context);
    const renamed = curated.themes.find((theme) => theme.id === first!.id)!;
    expect(renamed.name).to.equal('Lang wachten');
    expect(renamed.label).to.equal(first!.label);
  });

  it('moves a story to another theme or to "niet ingedeeld"', () => {
    const story = first!.memberIds[0]!;
    const other = first!.memberIds[1]!;
    const { run: curated } = applyCuration(
      run,
      [
        { type: 'move', storyId: story, themeId: second!.id },
        { type: 'move', storyId: other, themeId: null },
      ],
      context,
    );
    expect(themeOf(curated, story)).to.equal(second!.id);
    expect(themeOf(curated, other)).to.equal(null);
    expect(curated.unassignedIds).to.include(other);
  });

  it('merges themes under one id and recomputes their keywords', () => {
    const { run: curated } = applyCuration(run, [{ type: 'merge', themeIds: [first!.id, second!.id], into: first!.id }], context);
    const merged = curated.themes.find((theme) => theme.id === first!.id)!;
    expect(curated.themes.some((theme) => theme.id === second!.id)).to.equal(false);
    expect(merged.memberIds).to.have.members([...first!.memberIds, ...second!.memberIds]);
    expect(merged.keywords).to.not.deep.equal(first!.keywords);
    expect(merged.representativeIds.every((id) => merged.memberIds.includes(id))).to.equal(true);
  });

  it('splits chosen stories into a new named theme', () => {
    const chosen = third!.memberIds.slice(0, 5);
    const { run: curated } = applyCuration(run, [{ type: 'split', themeId: third!.id, storyIds: chosen, newThemeId: 'theme-human-1', name: 'Apart' }], context);
    const split = curated.themes.find((theme) => theme.id === 'theme-human-1')!;
    expect(split.memberIds).to.have.members(chosen);
    expect(split.name).to.equal('Apart');
    expect(curated.themes.find((theme) => theme.id === third!.id)!.memberIds).to.not.include.members(chosen.slice(0, 1));
  });

  it('replays decisions on a new clustering run so they survive re-clustering', () => {
    const story = first!.memberIds[0]!;
    const operations: CurationOperation[] = [
      { type: 'rename', themeId: second!.id, name: 'Door mensen benoemd' },
      { type: 'lock', themeId: third!.id, memberIds: third!.memberIds },
      { type: 'move', storyId: story, themeId: second!.id },
      { type: 'merge', themeIds: [first!.id, third!.id], into: third!.id },
    ];
    const before = applyCuration(run, operations, context).run;
    // a later run with other seeds, matched to the curated themes, then the same log replayed
    const rerun = discoverThemes(context, { ...defaultPipelineOptions().cluster, seed: 99 });
    const after = applyCuration(matchRuns(before.themes, rerun).run, operations, context).run;
    expect(themeOf(after, story)).to.equal(second!.id);
    const named = after.themes.find((theme) => theme.id === second!.id)!;
    expect(named.name).to.equal('Door mensen benoemd');
    const locked = after.themes.find((theme) => theme.id === third!.id)!;
    expect(locked.locked).to.equal(true);
    expect(locked.memberIds).to.include.members(third!.memberIds);
    expect(after.themes.some((theme) => theme.id === first!.id)).to.equal(false);
  });

  it('skips a rename of a theme that no longer exists, and ignores withdrawn stories', () => {
    const { run: curated, skipped } = applyCuration(
      run,
      [
        { type: 'rename', themeId: 'theme-gone', name: 'Weg' },
        { type: 'move', storyId: 'withdrawn-story', themeId: first!.id },
      ],
      context,
    );
    expect(skipped.map((s) => s.operation.type)).to.deep.equal(['rename']);
    expect(curated.themes.flatMap((theme) => theme.memberIds)).to.not.include('withdrawn-story');
  });

  it('does not change the run it is given', () => {
    const snapshot = JSON.stringify(run.themes.map((theme) => theme.memberIds));
    applyCuration(run, [{ type: 'merge', themeIds: [first!.id, second!.id], into: first!.id }], context);
    expect(JSON.stringify(run.themes.map((theme) => theme.memberIds))).to.equal(snapshot);
  });
});
