/**
 * Stable theme identity across re-clustering. Each new theme is matched to at most one previous
 * theme by
 *   score = w · cos(centroids) + (1 − w) · Jaccard(members),
 * where members are compared only over stories present in both runs (new stories and withdrawn
 * ones say nothing about identity). Pairs are taken greedily from the best score down, above
 * `minScore`. A matched theme keeps the previous id, human name and lock, so follow-up requests
 * and links keep pointing at it.
 *
 * Changes are reported from the member flow share(old → new) = |old ∩ new| / |old|:
 * a split when an old theme sends at least `splitShare` of its stories to each of two or more
 * new themes; a merge when a new theme receives at least `mergeShare` of the stories of each of
 * two or more old themes.
 */
import { dot } from './vectors.ts';
import type { Theme, ThemeRun } from './run.ts';

export interface MatchOptions {
  centroidWeight: number;
  minScore: number;
  splitShare: number;
  mergeShare: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = { centroidWeight: 0.5, minScore: 0.35, splitShare: 0.25, mergeShare: 0.5 };

export type ThemeChange =
  | { kind: 'kept'; id: string }
  | { kind: 'new'; id: string }
  | { kind: 'gone'; id: string }
  | { kind: 'split'; from: string; into: string[] }
  | { kind: 'merge'; from: string[]; into: string };

export interface MatchResult {
  run: ThemeRun;
  changes: ThemeChange[];
}

type PreviousTheme = Pick<Theme, 'id' | 'memberIds' | 'centroid' | 'name' | 'locked'>;

export function matchRuns(previous: readonly PreviousTheme[], next: ThemeRun, options: MatchOptions = DEFAULT_MATCH_OPTIONS): MatchResult {
  const before = new Set(previous.flatMap((theme) => theme.memberIds));
  const after = new Set([...next.themes.flatMap((theme) => theme.memberIds), ...next.unassignedIds]);
  const common = (ids: readonly string[], universe: Set<string>): Set<string> => new Set(ids.filter((id) => universe.has(id)));
  const oldMembers = previous.map((theme) => common(theme.memberIds, after));
  const newMembers = next.themes.map((theme) => common(theme.memberIds, before));

  const overlap = previous.map((_, o) => next.themes.map((_, n) => intersectionSize(oldMembers[o]!, newMembers[n]!)));
  const pairs: { o: number; n: number; score: number }[] = [];
  previous.forEach((old, o) => {
    next.themes.forEach((theme, n) => {
      const shared = overlap[o]![n]!;
      const union = oldMembers[o]!.size + newMembers[n]!.size - shared;
      const jaccard = union > 0 ? shared / union : 0;
      const cosine = old.centroid.length === theme.centroid.length ? Math.max(0, dot(old.centroid, theme.centroid)) : 0;
      const score = options.centroidWeight * cosine + (1 - options.centroidWeight) * jaccard;
      if (score >= options.minScore) pairs.push({ o, n, score });
    });
  });
  pairs.sort((a, b) => b.score - a.score || a.o - b.o || a.n - b.n);
  const matchOfNew = new Map<number, number>();
  const matchedOld = new Set<number>();
  for (const { o, n } of pairs) {
    if (matchOfNew.has(n) || matchedOld.has(o)) continue;
    matchOfNew.set(n, o);
    matchedOld.add(o);
  }

  const oldIds = new Set(previous.map((theme) => theme.id));
  const themes = next.themes.map((theme, n): Theme => {
    const o = matchOfNew.get(n);
    if (o !== undefined) return { ...theme, id: previous[o]!.id, name: previous[o]!.name, locked: previous[o]!.locked };
    return { ...theme, id: oldIds.has(theme.id) ? `${theme.id}-new` : theme.id };
  });

  const flow = (o: number, n: number): number => (oldMembers[o]!.size > 0 ? overlap[o]![n]! / oldMembers[o]!.size : 0);
  const changes: ThemeChange[] = [];
  previous.forEach((old, o) => {
    const into = themes.filter((_, n) => flow(o, n) >= options.splitShare).map((theme) => theme.id);
    if (into.length >= 2) changes.push({ kind: 'split', from: old.id, into });
  });
  themes.forEach((theme, n) => {
    const from = previous.filter((_, o) => flow(o, n) >= options.mergeShare).map((old) => old.id);
    if (from.length >= 2) changes.push({ kind: 'merge', from, into: theme.id });
    changes.push(matchOfNew.has(n) ? { kind: 'kept', id: theme.id } : { kind: 'new', id: theme.id });
  });
  previous.forEach((old, o) => {
    if (!matchedOld.has(o)) changes.push({ kind: 'gone', id: old.id });
  });
  return { run: { ...next, themes }, changes };
}

function intersectionSize(a: Set<string>, b: Set<string>): number {
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let count = 0;
  for (const id of small) if (large.has(id)) count++;
  return count;
}
