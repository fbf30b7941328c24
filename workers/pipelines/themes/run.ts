/**
 * A theme run: the themes found at one moment, with what people see of them (keywords,
 * proposed label, representative stories). Built from a clustering result, and rebuilt after
 * curation; all by story id, so it can be stored and compared across runs.
 */
import { createHash } from 'node:crypto';
import { clusterVectors, DEFAULT_CLUSTER_OPTIONS, type ClusterOptions } from './cluster.ts';
import { DEFAULT_KEYWORD_OPTIONS, proposeLabel, themeKeywords, type Keyword, type KeywordIndex, type KeywordOptions } from './keywords.ts';
import { centroidOf, dot, row, type VectorSet } from './vectors.ts';

export interface Theme {
  id: string;
  /** sorted */
  memberIds: string[];
  /** unit vector */
  centroid: Float32Array;
  keywords: Keyword[];
  /** proposed by the machine from the keywords */
  label: string;
  /** given by a person; survives re-clustering */
  name: string | null;
  /** a person fixed its members */
  locked: boolean;
  /** members closest to the centroid, closest first */
  representativeIds: string[];
}

export interface ThemeRun {
  /** largest first */
  themes: Theme[];
  /** sorted; shown as "niet ingedeeld" */
  unassignedIds: string[];
  /** minimum cosine to a centroid for a story to belong to a theme */
  floor: number;
}

/** The stories a run is about: their ids, vectors and keyword terms, in one order. */
export interface ThemeContext {
  ids: readonly string[];
  position: ReadonlyMap<string, number>;
  vectors: VectorSet;
  keywords: KeywordIndex;
  keywordOptions: KeywordOptions;
  representatives: number;
}

export function createContext(ids: readonly string[], vectors: VectorSet, keywords: KeywordIndex, keywordOptions = DEFAULT_KEYWORD_OPTIONS): ThemeContext {
  if (ids.length !== vectors.count || ids.length !== keywords.storyTerms.length) {
    throw new Error(`context sizes differ: ${ids.length} ids, ${vectors.count} vectors, ${keywords.storyTerms.length} keyword rows`);
  }
  return { ids, position: new Map(ids.map((id, i) => [id, i])), vectors, keywords, keywordOptions, representatives: 3 };
}

/** A stable id for a new theme, from its members. */
export function themeIdFor(memberIds: readonly string[]): string {
  const hash = createHash('sha256');
  for (const id of [...memberIds].sort()) hash.update(`${id}\n`);
  return `theme-${hash.digest('hex').slice(0, 12)}`;
}

export interface ThemeDraft {
  id: string;
  memberIds: readonly string[];
  name: string | null;
  locked: boolean;
}

/** Computes centroids, keywords, labels and representatives for the given memberships. */
export function describeThemes(drafts: readonly ThemeDraft[], context: ThemeContext): Theme[] {
  const positions = drafts.map((draft) => draft.memberIds.map((id) => positionOf(context, id)).sort((a, b) => a - b));
  const keywords = themeKeywords(context.keywords, positions, context.keywordOptions);
  const themes = drafts.map((draft, i): Theme => {
    const members = positions[i]!;
    const centroid = centroidOf(context.vectors, members);
    const closest = members
      .map((member) => ({ member, similarity: dot(row(context.vectors, member), centroid) }))
      .sort((a, b) => b.similarity - a.similarity || a.member - b.member)
      .slice(0, context.representatives);
    return {
      id: draft.id,
      memberIds: members.map((member) => context.ids[member]!),
      centroid,
      keywords: keywords[i]!,
      label: proposeLabel(keywords[i]!),
      name: draft.name,
      locked: draft.locked,
      representativeIds: closest.map(({ member }) => context.ids[member]!),
    };
  });
  return themes.filter((theme) => theme.memberIds.length > 0 || theme.locked || theme.name !== null).sort(bySize);
}

export function bySize(a: Theme, b: Theme): number {
  return b.memberIds.length - a.memberIds.length || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function positionOf(context: ThemeContext, id: string): number {
  const position = context.position.get(id);
  if (position === undefined) throw new Error(`story ${id} is not in this run`);
  return position;
}

/** Full re-clustering: discovers themes in all stories of the context. */
export function discoverThemes(context: ThemeContext, options: ClusterOptions = DEFAULT_CLUSTER_OPTIONS): ThemeRun {
  const result = clusterVectors(context.vectors, context.ids, options);
  const drafts = result.themes.map((theme) => {
    const memberIds = theme.members.map((member) => context.ids[member]!);
    return { id: themeIdFor(memberIds), memberIds, name: null, locked: false };
  });
  return {
    themes: describeThemes(drafts, context),
    unassignedIds: result.unassigned.map((member) => context.ids[member]!).sort(),
    floor: result.floor,
  };
}
