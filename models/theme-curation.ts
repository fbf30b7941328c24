/**
 * What people can ask of themes, one command each: rename, merge, split, move a story, lock
 * and unlock. Every command is validated against the current state, recorded in the curation
 * log (replayed after every re-clustering, so the decision lasts), and applied at once with
 * the pure replay, which recomputes centroids, keywords and labels.
 */
import { randomBytes } from 'node:crypto';
import { AppError, errors } from '../lib/errors.ts';
import { applyCuration, type CurationOperation } from '../workers/pipelines/themes/curation.ts';
import { sphericalKMeans } from '../workers/pipelines/themes/kmeans.ts';
import { positionOf } from '../workers/pipelines/themes/run.ts';
import { row, toVectorSet } from '../workers/pipelines/themes/vectors.ts';
import type { DB } from './db.ts';
import { encodeOperation, humanPlacements, loadThemeState, operationsFrom, planState, writeState, type ThemeState } from './theme-state.ts';
import { curationLog, recordCuration, themesByIds, withThemeLock, type ThemeSummary } from './themes.ts';

const MAX_NAME_LENGTH = 80;
const SPLIT_SEED = 11;

export class ThemeNotFoundError extends AppError {
  constructor() {
    super(404, 'theme_not_found', 'Dit thema bestaat niet (meer). Vernieuw de pagina.');
  }
}

function notReady(): AppError {
  return new AppError(409, 'themes_not_ready', 'Er zijn nog geen thema’s: die ontstaan bij de eerste indeling van de verhalen.');
}

interface Command {
  operation: CurationOperation;
  /** themes the operation merges away, and where they went */
  mergedInto?: Map<string, string>;
  /** themes to hand back to the caller */
  touched: string[];
}

/** Validates, records and applies one command; returns the themes it touched as they are now. */
async function curate(db: DB, actor: string, build: (state: ThemeState) => Command | null): Promise<ThemeSummary[]> {
  if (!actor.trim()) throw errors.invalid({ actor: 'Onbekend wie dit doet.' });
  const touched = await withThemeLock(db, async (tx) => {
    const state = await loadThemeState(tx);
    if (!state) throw notReady();
    const command = build(state);
    if (!command) return null;
    const { operation } = command;
    const log = operationsFrom(await curationLog(tx));
    const { run: after } = applyCuration(state.run, [operation], state.context);
    const plan = planState({
      after, context: state.context, before: state.run, mergedInto: command.mergedInto ?? new Map(),
      placements: humanPlacements([...log, operation]), sources: state.sources,
    });
    const { op: stored, narrativeIds } = encodeOperation(operation);
    await recordCuration(tx, actor, stored, narrativeIds);
    await writeState(tx, state.model.version, plan);
    return command.touched;
  });
  if (!touched) return [];
  const themes = await themesByIds(db, touched);
  return touched.map((id) => themes.get(id)).filter((t): t is ThemeSummary => !!t);
}

function requireTheme(state: ThemeState, themeId: string) {
  const theme = state.run.themes.find((t) => t.id === themeId);
  if (!theme) throw new ThemeNotFoundError();
  return theme;
}

export async function renameTheme(db: DB, themeId: string, name: string, actor: string): Promise<ThemeSummary> {
  const trimmed = name.trim().replace(/\s+/g, ' ');
  if (!trimmed) throw errors.invalid({ name: 'Geef het thema een naam.' });
  if (trimmed.length > MAX_NAME_LENGTH) throw errors.invalid({ name: `Een naam is hoogstens ${MAX_NAME_LENGTH} tekens.` });
  const [theme] = await curate(db, actor, (state) => {
    requireTheme(state, themeId);
    return { operation: { type: 'rename', themeId, name: trimmed }, touched: [themeId] };
  });
  return theme!;
}

/** Merges themes into `into` (by default the first listed); the others are marked as merged into it. */
export async function mergeThemes(db: DB, themeIds: readonly string[], actor: string, into: string = themeIds[0] ?? ''): Promise<ThemeSummary> {
  const ids = [...new Set(themeIds)];
  if (ids.length < 2) throw errors.invalid({ themeIds: 'Kies minstens twee thema’s om samen te voegen.' });
  if (!ids.includes(into)) throw errors.invalid({ into: 'Voeg samen in een van de gekozen thema’s.' });
  const [theme] = await curate(db, actor, (state) => {
    for (const id of ids) requireTheme(state, id);
    return {
      operation: { type: 'merge', themeIds: ids, into },
      mergedInto: new Map(ids.filter((id) => id !== into).map((id) => [id, into])),
      touched: [into],
    };
  });
  return theme!;
}

export type SplitBy = { storyIds: readonly string[] } | { recluster: true };

/**
 * Splits a theme in two: the chosen stories form a new theme, or, with `recluster`, the theme's
 * stories are divided in two groups by their vectors and the smaller group becomes the new theme.
 */
export async function splitTheme(db: DB, themeId: string, by: SplitBy, actor: string, name?: string): Promise<{ theme: ThemeSummary; newTheme: ThemeSummary }> {
  const newName = name?.trim();
  if (newName !== undefined && newName.length > MAX_NAME_LENGTH) throw errors.invalid({ name: `Een naam is hoogstens ${MAX_NAME_LENGTH} tekens.` });
  const newThemeId = `theme-${randomBytes(6).toString('hex')}`;
  const themes = await curate(db, actor, (state) => {
    const theme = requireTheme(state, themeId);
    const storyIds = 'storyIds' in by ? [...new Set(by.storyIds)] : divide(state, theme.memberIds);
    const members = new Set(theme.memberIds);
    if (storyIds.length === 0) throw errors.invalid({ storyIds: 'Kies de verhalen die een eigen thema worden.' });
    if (storyIds.some((id) => !members.has(id))) throw errors.invalid({ storyIds: 'Kies alleen verhalen uit dit thema.' });
    if (storyIds.length === members.size) throw errors.invalid({ storyIds: 'Laat minstens één verhaal in het thema achter.' });
    return { operation: { type: 'split', themeId, storyIds, newThemeId, ...(newName ? { name: newName } : {}) }, touched: [themeId, newThemeId] };
  });
  return { theme: themes.find((t) => t.id === themeId)!, newTheme: themes.find((t) => t.id === newThemeId)! };
}

function divide(state: ThemeState, memberIds: readonly string[]): string[] {
  if (memberIds.length < 2) throw errors.invalid({ storyIds: 'Een thema met één verhaal kun je niet splitsen.' });
  const vectors = toVectorSet(memberIds.map((id) => row(state.context.vectors, positionOf(state.context, id))));
  const { labels } = sphericalKMeans(vectors, { k: 2, seed: SPLIT_SEED, maxIterations: 50, tolerance: 0 });
  const groups: string[][] = [[], []];
  memberIds.forEach((id, i) => groups[labels[i]!]!.push(id));
  if (groups[0]!.length === 0 || groups[1]!.length === 0) throw errors.invalid({ storyIds: 'De verhalen in dit thema lijken te veel op elkaar om ze automatisch te splitsen. Kies zelf verhalen.' });
  return groups[0]!.length <= groups[1]!.length ? groups[0]! : groups[1]!;
}

/** Puts a story in a theme, or with null in "niet ingedeeld"; later runs leave it there. */
export async function moveNarrative(db: DB, narrativeId: string, themeId: string | null, actor: string): Promise<ThemeSummary[]> {
  return curate(db, actor, (state) => {
    if (!state.context.position.has(narrativeId)) {
      throw errors.invalid({ narrativeId: 'Dit verhaal is nog niet ingedeeld door de computer; probeer het zo opnieuw.' });
    }
    if (themeId !== null) requireTheme(state, themeId);
    const current = state.run.themes.find((t) => t.memberIds.includes(narrativeId))?.id ?? null;
    if (current === themeId) return null;
    return { operation: { type: 'move', storyId: narrativeId, themeId }, touched: [current, themeId].filter((id): id is string => id !== null) };
  });
}

/** Fixes a theme's stories: re-clustering gives them all back to it (it may still gain new ones). */
export async function lockTheme(db: DB, themeId: string, actor: string): Promise<ThemeSummary> {
  const [theme] = await curate(db, actor, (state) => {
    const { memberIds, locked } = requireTheme(state, themeId);
    return locked ? null : { operation: { type: 'lock', themeId, memberIds }, touched: [themeId] };
  });
  return theme ?? (await themesByIds(db, [themeId])).get(themeId)!;
}

/** Gives a theme back to the machine. */
export async function unlockTheme(db: DB, themeId: string, actor: string): Promise<ThemeSummary> {
  const [theme] = await curate(db, actor, (state) => {
    const { locked } = requireTheme(state, themeId);
    return locked ? { operation: { type: 'unlock', themeId }, touched: [themeId] } : null;
  });
  return theme ?? (await themesByIds(db, [themeId])).get(themeId)!;
}
