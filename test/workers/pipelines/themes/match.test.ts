import { expect } from 'chai';
import { matchRuns } from '../../../../workers/pipelines/themes/match.ts';
import type { Theme, ThemeRun } from '../../../../workers/pipelines/themes/run.ts';

const ids = (from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `s${String(from + i).padStart(3, '0')}`);

function theme(id: string, memberIds: string[], direction: number[], extra: Partial<Theme> = {}): Theme {
  const norm = Math.hypot(...direction);
  return {
    id,
    memberIds,
    centroid: Float32Array.from(direction, (value) => value / norm),
    keywords: [],
    label: id,
    name: null,
    locked: false,
    representativeIds: memberIds.slice(0, 3),
    ...extra,
  };
}

const run = (themes: Theme[], unassignedIds: string[] = []): ThemeRun => ({ themes, unassignedIds, floor: 0.2 });

describe('matchRuns', () => {
  it('carries ids, names and locks over to the same themes under new provisional ids', () => {
    const previous = [
      theme('wachten', ids(1, 20), [1, 0, 0], { name: 'Lang wachten', locked: true }),
      theme('school', ids(21, 40), [0, 1, 0]),
    ];
    const next = run([theme('theme-x', ids(21, 41), [0.1, 1, 0]), theme('theme-y', [...ids(1, 19), 's050'], [1, 0.1, 0])]);
    const { run: matched, changes } = matchRuns(previous, next);
    expect(matched.themes.map((t) => t.id)).to.deep.equal(['school', 'wachten']);
    expect(matched.themes[1]!.name).to.equal('Lang wachten');
    expect(matched.themes[1]!.locked).to.equal(true);
    expect(changes).to.deep.include({ kind: 'kept', id: 'school' });
    expect(changes).to.deep.include({ kind: 'kept', id: 'wachten' });
  });

  it('reports a split and keeps the old id on the best-matching part', () => {
    const previous = [theme('hulp', ids(1, 40), [1, 1, 0])];
    const next = run([theme('a', ids(1, 24), [1, 0.6, 0]), theme('b', ids(25, 40), [0.4, 1, 0])]);
    const { run: matched, changes } = matchRuns(previous, next);
    expect(matched.themes.map((t) => t.id)).to.deep.equal(['hulp', 'b']);
    expect(changes).to.deep.include({ kind: 'split', from: 'hulp', into: ['hulp', 'b'] });
    expect(changes).to.deep.include({ kind: 'new', id: 'b' });
  });

  it('reports a merge; the other old theme is gone', () => {
    const previous = [theme('thuis', ids(1, 20), [1, 0, 0], { name: 'Thuis' }), theme('gezin', ids(21, 30), [0.8, 0.6, 0])];
    const next = run([theme('m', ids(1, 30), [0.95, 0.3, 0])]);
    const { run: matched, changes } = matchRuns(previous, next);
    expect(matched.themes[0]!.id).to.equal('thuis');
    expect(matched.themes[0]!.name).to.equal('Thuis');
    expect(changes).to.deep.include({ kind: 'merge', from: ['thuis', 'gezin'], into: 'thuis' });
    expect(changes).to.deep.include({ kind: 'gone', id: 'gezin' });
  });

  it('judges overlap only on stories both runs know', () => {
    const previous = [theme('privacy', ids(1, 10), [0, 0, 1])];
    // 30 new stories joined the theme; it is still the same theme
    const next = run([theme('p', [...ids(1, 10), ...ids(100, 129)], [0, 0.2, 1])]);
    expect(matchRuns(previous, next).run.themes[0]!.id).to.equal('privacy');
  });

  it('does not match unrelated themes, and keeps new ids distinct from old ones', () => {
    const previous = [theme('same-id', ids(1, 10), [1, 0, 0])];
    const next = run([theme('same-id', ids(11, 20), [0, 1, 0])]);
    const { run: matched, changes } = matchRuns(previous, next);
    expect(matched.themes[0]!.id).to.equal('same-id-new');
    expect(changes).to.deep.include({ kind: 'gone', id: 'same-id' });
  });
});
