/**
 * The stored theme state as the pure theme pipeline sees it (a ThemeRun over a ThemeContext),
 * and back: loading it for curation, encoding the curation log, and planning the rows a new
 * state needs. Shared by the curation commands and the re-clustering job, so both store a
 * state the same way.
 */
import { z } from 'zod';
import type { CurationOperation } from '../workers/pipelines/themes/curation.ts';
import type { KeywordIndex } from '../workers/pipelines/themes/keywords.ts';
import { createContext, positionOf, type Theme, type ThemeContext, type ThemeRun } from '../workers/pipelines/themes/run.ts';
import { centroidOf, dot, row, toVectorSet } from '../workers/pipelines/themes/vectors.ts';
import type { ThemeMemberSource } from './schema.ts';
import {
  activeThemes, allMemberships, currentThemeModelInfo, keywordVocabulary, replaceMembers, retireThemes, saveThemes, vectorsOfModel,
  type KeywordVocabulary, type StoredCuration, type StoredVector, type ThemeMembership, type ThemeModelInfo, type Tx,
} from './themes.ts';
import type { DB } from './db.ts';

export interface ThemeState {
  model: ThemeModelInfo;
  context: ThemeContext;
  run: ThemeRun;
  /** story → how it got its current theme */
  sources: Map<string, { themeId: string; source: ThemeMemberSource }>;
}

export function keywordIndexOf(vocabulary: KeywordVocabulary, storyTerms: readonly (readonly number[])[]): KeywordIndex {
  return {
    stems: vocabulary.stems,
    words: vocabulary.words,
    storyTerms: storyTerms.map((terms) => Int32Array.from(terms)),
    documentFrequency: Int32Array.from(vocabulary.documentFrequency),
  };
}

export function vocabularyOf(index: KeywordIndex): KeywordVocabulary {
  return { stems: index.stems, words: index.words, documentFrequency: Array.from(index.documentFrequency) };
}

/** The stories of the current model as a pipeline context (vectors and keyword terms). */
export function contextFrom(vectors: readonly StoredVector[], vocabulary: KeywordVocabulary): ThemeContext {
  return createContext(
    vectors.map((v) => v.narrativeId),
    toVectorSet(vectors.map((v) => v.vector)),
    keywordIndexOf(vocabulary, vectors.map((v) => v.keywordTerms)),
  );
}

/**
 * The current themes over the stories the current model represents. Keywords and labels are
 * left empty: whoever changes the state recomputes them (describeThemes). Undefined before the
 * first run.
 */
export async function loadThemeState(db: DB | Tx): Promise<ThemeState | undefined> {
  const model = await currentThemeModelInfo(db);
  if (!model) return undefined;
  const [vectors, vocabulary, themes, memberships] = await Promise.all([
    vectorsOfModel(db, model.version), keywordVocabulary(db, model.version), activeThemes(db), allMemberships(db),
  ]);
  const context = contextFrom(vectors, vocabulary!);
  const assigned = new Set<string>();
  const runThemes: Theme[] = themes.map((t) => {
    const memberIds = t.memberIds.filter((id) => context.position.has(id));
    for (const id of memberIds) assigned.add(id);
    const centroid = t.centroid && t.modelVersion === model.version
      ? t.centroid
      : centroidOf(context.vectors, memberIds.map((id) => positionOf(context, id)));
    return { id: t.id, memberIds, centroid, keywords: [], label: '', name: t.name, locked: t.locked, representativeIds: [] };
  });
  return {
    model,
    context,
    run: { themes: runThemes, unassignedIds: context.ids.filter((id) => !assigned.has(id)), floor: model.floor },
    sources: memberships,
  };
}

// ---- the curation log

const id = z.string().min(1);
const storedOperation = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rename'), themeId: id, name: z.string() }),
  z.object({ type: z.literal('merge'), themeIds: z.array(id), into: id }),
  z.object({ type: z.literal('split'), themeId: id, newThemeId: id, name: z.string().optional() }),
  z.object({ type: z.literal('move'), themeId: id.nullable() }),
  z.object({ type: z.literal('lock'), themeId: id }),
  z.object({ type: z.literal('unlock'), themeId: id }),
]);

/** Splits an operation into what the log row keeps and the stories it names (kept apart so withdrawal erases them). */
export function encodeOperation(op: CurationOperation): { op: Record<string, unknown>; narrativeIds: string[] } {
  switch (op.type) {
    case 'move': return { op: { type: 'move', themeId: op.themeId }, narrativeIds: [op.storyId] };
    case 'split': {
      const { storyIds, ...rest } = op;
      return { op: rest, narrativeIds: storyIds };
    }
    case 'lock': return { op: { type: 'lock', themeId: op.themeId }, narrativeIds: op.memberIds };
    default: return { op, narrativeIds: [] };
  }
}

/** The log as replayable operations; a move whose story was withdrawn has nothing left to say. */
export function operationsFrom(log: readonly StoredCuration[]): CurationOperation[] {
  const out: CurationOperation[] = [];
  for (const entry of log) {
    const op = storedOperation.parse(entry.op);
    switch (op.type) {
      case 'move':
        if (entry.narrativeIds[0]) out.push({ type: 'move', storyId: entry.narrativeIds[0], themeId: op.themeId });
        break;
      case 'split': out.push({ ...op, storyIds: entry.narrativeIds }); break;
      case 'lock': out.push({ ...op, memberIds: entry.narrativeIds }); break;
      default: out.push(op);
    }
  }
  return out;
}

/** Where people last put each story they placed (move, split, or a lock that still holds). */
export function humanPlacements(operations: readonly CurationOperation[]): Map<string, string | null> {
  const unlockedLater = new Set<string>();
  const placements = new Map<string, string | null>();
  for (let i = operations.length - 1; i >= 0; i--) {
    const op = operations[i]!;
    const place = (storyId: string, themeId: string | null) => { if (!placements.has(storyId)) placements.set(storyId, themeId); };
    if (op.type === 'unlock') unlockedLater.add(op.themeId);
    else if (op.type === 'move') place(op.storyId, op.themeId);
    else if (op.type === 'split') op.storyIds.forEach((storyId) => place(storyId, op.newThemeId));
    else if (op.type === 'lock' && !unlockedLater.has(op.themeId)) op.memberIds.forEach((storyId) => place(storyId, op.themeId));
  }
  return placements;
}

// ---- writing a state

export interface StatePlan {
  /** every theme of the new state, with what people see of it */
  themes: Theme[];
  /** memberships to write; replaces those of `rewrite` themes */
  members: ThemeMembership[];
  rewrite: string[] | 'all';
  retired: { id: string; mergedInto: string | null }[];
}

/**
 * Rows for a new state. With `before`, only themes whose members or lock changed get their
 * memberships rewritten (curation); without it, all of them (a run). Active themes missing
 * from `after` are retired, or marked merged when `mergedInto` says where they went. A story is
 * 'human' where people placed it, keeps how it got there when it stays in the same theme, else
 * 'cluster'.
 */
export function planState(options: {
  after: ThemeRun;
  context: ThemeContext;
  before?: ThemeRun;
  /** the active themes before (defaults to those of `before`) */
  previousIds?: readonly string[];
  mergedInto: ReadonlyMap<string, string>;
  placements: ReadonlyMap<string, string | null>;
  sources: ReadonlyMap<string, { themeId: string; source: ThemeMemberSource }>;
}): StatePlan {
  const { after, context, before, placements, sources } = options;
  const previous = new Map((before?.themes ?? []).map((t) => [t.id, t]));
  const changed = after.themes.filter((t) => {
    const old = previous.get(t.id);
    return !old || old.locked !== t.locked || old.memberIds.join() !== t.memberIds.join();
  });
  const afterIds = new Set(after.themes.map((t) => t.id));
  const retired = (options.previousIds ?? [...previous.keys()]).filter((id) => !afterIds.has(id)).map((id) => ({ id, mergedInto: resolveMerge(id, options.mergedInto, afterIds) }));
  const written = before ? changed : after.themes;
  const members = written.flatMap((theme) => {
    const representative = new Map(theme.representativeIds.map((storyId, rank) => [storyId, rank + 1]));
    return theme.memberIds.map((storyId): ThemeMembership => {
      const prior = sources.get(storyId);
      const source: ThemeMemberSource = placements.get(storyId) === theme.id ? 'human'
        : prior && prior.themeId === theme.id && prior.source !== 'human' ? prior.source : 'cluster';
      return {
        narrativeId: storyId,
        themeId: theme.id,
        similarity: dot(row(context.vectors, positionOf(context, storyId)), theme.centroid),
        source,
        representative: representative.get(storyId) ?? null,
      };
    });
  });
  // A changed theme's old rows go, which also takes out stories that became "niet ingedeeld".
  const rewrite = before ? [...changed.map((t) => t.id), ...retired.map((t) => t.id)] : 'all';
  return { themes: after.themes, members, rewrite, retired };
}

/** Follows merges to the theme that is still there (a theme merged into one that was merged again). */
function resolveMerge(id: string, mergedInto: ReadonlyMap<string, string>, existing: ReadonlySet<string>): string | null {
  const seen = new Set<string>();
  let current = mergedInto.get(id);
  while (current && !existing.has(current) && !seen.has(current)) {
    seen.add(current);
    current = mergedInto.get(current);
  }
  return current && existing.has(current) ? current : null;
}

export async function writeState(tx: Tx, modelVersion: string, plan: StatePlan): Promise<void> {
  await saveThemes(tx, modelVersion, plan.themes.map((t) => ({
    id: t.id, label: t.label, name: t.name, locked: t.locked, centroid: t.centroid,
    keywords: t.keywords.map((k) => ({ stem: k.stem, word: k.word, score: Math.round(k.score * 1e4) / 1e4 })),
  })));
  await retireThemes(tx, plan.retired);
  await replaceMembers(tx, plan.rewrite, plan.members);
}
