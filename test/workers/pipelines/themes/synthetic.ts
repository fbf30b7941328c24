// Synthetic unit vectors around a few directions, for clustering tests.
import { gaussian, seededRandom } from '../../../../workers/pipelines/text/random.ts';

export interface SyntheticSet {
  ids: string[];
  vectors: Float32Array[];
  /** true group per vector; "outlier" for the scattered ones */
  groups: string[];
}

function unit(values: number[]): Float32Array {
  const norm = Math.hypot(...values);
  return Float32Array.from(values, (value) => value / norm);
}

export function syntheticSet(options: { groups: number; perGroup: number; outliers?: number; dimensions?: number; noise?: number; seed?: number }): SyntheticSet {
  const random = seededRandom(options.seed ?? 11);
  const d = options.dimensions ?? 24;
  const noise = options.noise ?? 0.25;
  const centres = Array.from({ length: options.groups }, () => Array.from({ length: d }, () => gaussian(random)));
  const set: SyntheticSet = { ids: [], vectors: [], groups: [] };
  centres.forEach((centre, g) => {
    const norm = Math.hypot(...centre);
    for (let i = 0; i < options.perGroup; i++) {
      set.vectors.push(unit(centre.map((value) => value / norm + noise * gaussian(random))));
      set.groups.push(`g${g}`);
    }
  });
  for (let i = 0; i < (options.outliers ?? 0); i++) {
    set.vectors.push(unit(Array.from({ length: d }, () => gaussian(random))));
    set.groups.push('outlier');
  }
  set.ids = set.vectors.map((_, i) => `story-${String(i).padStart(4, '0')}`);
  return set;
}

/** Label per input index from a clustering result; unassigned as "none". */
export function labelsFrom(themes: readonly { members: readonly number[] }[], count: number): string[] {
  const labels = new Array<string>(count).fill('none');
  themes.forEach((theme, t) => theme.members.forEach((member) => (labels[member] = `t${t}`)));
  return labels;
}
