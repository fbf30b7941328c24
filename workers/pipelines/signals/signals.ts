/** All signals of one story from a single text analysis: topic tags, tone and safety. */
import { analyze } from '../text/analyze.ts';
import type { Classifier } from './classifier.ts';
import type { CompiledFramework } from './lexicon-tagger.ts';
import { assessSafety, type SafetyResult } from './safety.ts';
import { tagStory, type Tag } from './tagger.ts';
import { assessTone, type ToneResult } from './tone.ts';

export interface StorySignals {
  tags: Tag[];
  tone: ToneResult;
  safety: SafetyResult;
}

export interface SignalOptions {
  /** the current (admin-edited) framework; defaults to the seed */
  framework?: CompiledFramework;
  /** the stored classifier, when reviewers have corrected tags */
  classifier?: Classifier;
  minExamples?: number;
}

export function readSignals(text: string, options: SignalOptions = {}): StorySignals {
  const analyzed = analyze(text);
  const tone = assessTone(text, { analyzed });
  return {
    tags: tagStory(text, { ...options, analyzed, tone: tone.tone }),
    tone,
    safety: assessSafety(text, { analyzed }),
  };
}
