import type { DB } from '../../models/db.ts';
import type { JobHandler } from '../runner.ts';
import { analyzeNarrativeJob } from './analyze-narrative.ts';
import { reclusterThemesJob } from './recluster-themes.ts';
import { retrainTagsJob } from './retrain-tags.ts';
import { createThemeEngine, type ThemeEngineOptions } from './theme-engine.ts';

/** The analysis, re-clustering and tag-learning jobs of one worker, sharing one theme engine (models load once). */
export function themeJobs(deps: { db: DB; reclusterEvery: number; models: ThemeEngineOptions['models'] }): JobHandler[] {
  const engine = createThemeEngine({ models: deps.models });
  return [
    analyzeNarrativeJob({ db: deps.db, engine, reclusterEvery: deps.reclusterEvery }),
    reclusterThemesJob({ db: deps.db, engine }),
    retrainTagsJob({ db: deps.db, engine }),
  ];
}
