/**
 * The curated framework topics (signals/framework-topics.json, the recurring topics families
 * name) as concepts for the theme representation. They guide clustering, they do not fix it:
 * the lexical part of the vector still separates or joins stories the topics do not know.
 *
 * A topic's concept score is what the tagger knows of it before any reviewer corrected a tag:
 * 0.6 × the seed classifier's probability + 0.4 × the vote of the most similar labelled stories
 * (the same blend that decides tags). Topics the seed does not know (added by an admin) score
 * with their lexicon alone. Leave one labelled set out, this raised NMI on four of five sets
 * over lexicon scores alone (TUNING.md, round 3). Fixed shipped data only, so a stored theme
 * model projects new stories exactly as it was fitted, whatever reviewers corrected since.
 */
import { predict, type Classifier } from '../signals/classifier.ts';
import { compileFramework, scoreTopics, type CompiledFramework } from '../signals/lexicon-tagger.ts';
import { neighbourVotes, type NeighbourIndex } from '../signals/neighbours.ts';
import { frameworkSeed, tagSeed } from '../signals/seeds.ts';
import { blendedScore, classifierFeatures, labelledNeighbours } from '../signals/tagger.ts';
import type { ConceptScorer } from '../text/representation.ts';

export function frameworkConcepts(
  framework: CompiledFramework = compileFramework(frameworkSeed()),
  learnt: { classifier: Classifier; neighbours: NeighbourIndex } = { classifier: tagSeed(), neighbours: labelledNeighbours() },
): ConceptScorer {
  return {
    names: framework.topics.map((topic) => topic.key),
    score: (text, analyzed) => {
      const lexicon = scoreTopics(text, framework, analyzed);
      const probabilities = predict(learnt.classifier, classifierFeatures(analyzed, lexicon));
      const votes = neighbourVotes(learnt.neighbours, analyzed);
      return lexicon.map(({ topic, score }) => (topic in learnt.classifier.labels ? blendedScore(probabilities[topic]!, votes, topic) : score));
    },
  };
}
