/**
 * Incremental assignment: a new story joins the theme whose centroid is most similar to its
 * vector, when that similarity reaches the run's floor; otherwise it stays unassigned until
 * the next full re-clustering. Locked themes take new stories too: a lock keeps a theme's
 * members, it does not close the theme.
 */
import { dot } from './vectors.ts';

export interface AssignableTheme {
  id: string;
  centroid: Float32Array;
}

export interface Assignment {
  themeId: string | null;
  /** cosine to the nearest centroid (also when below the floor) */
  similarity: number;
}

export function assignVector(vector: Float32Array, themes: readonly AssignableTheme[], floor: number): Assignment {
  let best: AssignableTheme | undefined;
  let bestSimilarity = -Infinity;
  for (const theme of themes) {
    if (theme.centroid.length !== vector.length) throw new Error(`theme ${theme.id} has ${theme.centroid.length} dimensions, the story ${vector.length}`);
    const similarity = dot(vector, theme.centroid);
    if (similarity > bestSimilarity || (similarity === bestSimilarity && best && theme.id < best.id)) {
      best = theme;
      bestSimilarity = similarity;
    }
  }
  if (!best) return { themeId: null, similarity: 0 };
  return { themeId: bestSimilarity >= floor ? best.id : null, similarity: bestSimilarity };
}
