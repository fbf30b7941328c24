/** All signals of one story from a single text analysis: topic tags, tone and safety. */
import { analyze } from '../text/analyze.ts';
import type { Classifier } from './classifier.ts';
import type { CompiledFramework } from './lexicon-tagger.ts';
import type { NeighbourIndex } from './neighbours.ts';
import type { SafetyResult } from './safety.ts';
import { tagStory, type Tag } from './tagger.ts';
import { assessTone, type ToneResult } from './tone.ts';
import { assessUrgency } from './urgency.ts';

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
  /** labelled stories voting next to the classifier (tagger.labelledNeighbours) */
  neighbours?: NeighbourIndex;
  minExamples?: number;
  /** the stored urgency model learnt from reviewers' urgent flags (see urgency.ts) */
  urgencyModel?: Classifier;
}

export function readSignals(text: string, options: SignalOptions = {}): StorySignals {
  const analyzed = analyze(text);
  const tone = assessTone(text, { analyzed });
  return {
    tags: tagStory(text, { ...options, analyzed, tone: tone.tone }),
    tone,
    safety: assessUrgency(text, { analyzed, ...(options.urgencyModel ? { model: options.urgencyModel } : {}) }),
  };
}
