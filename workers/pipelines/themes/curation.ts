/**
 * Human curation as a log of operations, replayed in order on top of every machine run
 * (after matchRuns has carried the theme ids over), so people's decisions survive
 * re-clustering:
 * - rename: the theme keeps its name;
 * - merge: the listed themes are one theme again (under `into`);
 * - split: the chosen stories form their own theme again;
 * - move: a story stays where a person put it (a theme, or null for "niet ingedeeld");
 * - lock: the theme gets back every story it had when it was locked (it may gain new ones;
 *   a later move can still take a story out);
 * - unlock: the theme is the machine's again.
 * A theme named by an operation that no longer exists is created again, except for rename and
 * unlock, which are reported as skipped. Stories that are gone (withdrawn) are ignored.
 */
import { describeThemes, type ThemeContext, type ThemeDraft, type ThemeRun } from './run.ts';

export type CurationOperation =
  | { type: 'rename'; themeId: string; name: string }
  | { type: 'merge'; themeIds: string[]; into: string }
  | { type: 'split'; themeId: string; storyIds: string[]; newThemeId: string; name?: string }
  | { type: 'move'; storyId: string; themeId: string | null }
  | { type: 'lock'; themeId: string; memberIds: string[] }
  | { type: 'unlock'; themeId: string };

export interface SkippedOperation {
  operation: CurationOperation;
  reason: string;
}

export interface CurationResult {
  run: ThemeRun;
  skipped: SkippedOperation[];
}

interface WorkingTheme {
  members: Set<string>;
  name: string | null;
  locked: boolean;
}

export function applyCuration(run: ThemeRun, operations: readonly CurationOperation[], context: ThemeContext): CurationResult {
  const themes = new Map<string, WorkingTheme>(
    run.themes.map((theme) => [theme.id, { members: new Set(theme.memberIds), name: theme.name, locked: theme.locked }]),
  );
  const home = new Map<string, string | null>();
  for (const [id, theme] of themes) for (const member of theme.members) home.set(member, id);
  for (const id of run.unassignedIds) home.set(id, null);
  const skipped: SkippedOperation[] = [];

  const ensure = (id: string): WorkingTheme => {
    let theme = themes.get(id);
    if (!theme) themes.set(id, (theme = { members: new Set(), name: null, locked: false }));
    return theme;
  };
  const place = (storyId: string, themeId: string | null): void => {
    if (!context.position.has(storyId)) return;
    const current = home.get(storyId);
    if (current) themes.get(current)?.members.delete(storyId);
    if (themeId !== null) ensure(themeId).members.add(storyId);
    home.set(storyId, themeId);
  };

  const released = releasedLocks(operations);
  for (const [index, operation] of operations.entries()) {
    switch (operation.type) {
      case 'rename': {
        const theme = themes.get(operation.themeId);
        if (theme) theme.name = operation.name;
        else skipped.push({ operation, reason: 'thema bestaat niet meer' });
        break;
      }
      case 'merge': {
        const target = ensure(operation.into);
        for (const id of operation.themeIds) {
          const source = themes.get(id);
          if (!source || id === operation.into) continue;
          for (const member of [...source.members]) place(member, operation.into);
          target.name ??= source.name;
          target.locked ||= source.locked;
          themes.delete(id);
        }
        break;
      }
      case 'split': {
        const target = ensure(operation.newThemeId);
        if (operation.name !== undefined) target.name = operation.name;
        for (const storyId of operation.storyIds) place(storyId, operation.newThemeId);
        break;
      }
      case 'move':
        place(operation.storyId, operation.themeId);
        break;
      case 'lock': {
        ensure(operation.themeId).locked = true;
        // A later unlock gives the theme back to the machine: its stories are no longer pinned.
        if (!released.has(index)) for (const storyId of operation.memberIds) place(storyId, operation.themeId);
        break;
      }
      case 'unlock': {
        const theme = themes.get(operation.themeId);
        if (theme) theme.locked = false;
        else skipped.push({ operation, reason: 'thema bestaat niet meer' });
        break;
      }
    }
  }

  const drafts: ThemeDraft[] = [...themes].map(([id, theme]) => ({ id, memberIds: [...theme.members], name: theme.name, locked: theme.locked }));
  const unassignedIds = [...home].filter(([, themeId]) => themeId === null).map(([id]) => id).sort();
  return { run: { themes: describeThemes(drafts, context), unassignedIds, floor: run.floor }, skipped };
}

/** Positions of lock operations followed by an unlock of the same theme. */
function releasedLocks(operations: readonly CurationOperation[]): Set<number> {
  const released = new Set<number>();
  const unlockedLater = new Set<string>();
  for (let i = operations.length - 1; i >= 0; i--) {
    const operation = operations[i]!;
    if (operation.type === 'unlock') unlockedLater.add(operation.themeId);
    else if (operation.type === 'lock' && unlockedLater.has(operation.themeId)) released.add(i);
  }
  return released;
}
