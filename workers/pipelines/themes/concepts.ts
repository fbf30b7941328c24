/**
 * The curated framework topics (signals/framework-topics.json, the recurring topics families
 * name) as concepts for the theme representation. They guide clustering, they do not fix it:
 * the lexical part of the vector still separates or joins stories the lexicons do not know.
 */
import { compileFramework, scoreTopics, type CompiledFramework } from '../signals/lexicon-tagger.ts';
import { frameworkSeed } from '../signals/seeds.ts';
import type { ConceptScorer } from '../text/representation.ts';

export function frameworkConcepts(framework: CompiledFramework = compileFramework(frameworkSeed())): ConceptScorer {
  return {
    names: framework.topics.map((topic) => topic.key),
    score: (text, analyzed) => scoreTopics(text, framework, analyzed).map((topic) => topic.score),
  };
}
