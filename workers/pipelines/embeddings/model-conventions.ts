/**
 * How a sentence-embedding model family expects its input and pooling.
 *
 * E5 models were trained with "passage: " and "query: " prefixes; without them the vectors
 * are noticeably worse. Sentence-transformers models take plain text. BGE models pool on
 * the [CLS] token rather than the mean of all tokens.
 */
export type TextKind = 'passage' | 'query';

export type Pooling = 'mean' | 'cls';

export interface ModelConvention {
  family: string;
  prefixes: Record<TextKind, string>;
  pooling: Pooling;
}

const NO_PREFIX: Record<TextKind, string> = { passage: '', query: '' };

const PLAIN: ModelConvention = { family: 'sentence-transformers', prefixes: NO_PREFIX, pooling: 'mean' };

/** First match wins; matched against the model's own name, without its owner ("Xenova/"). */
const RULES: { pattern: RegExp; convention: ModelConvention }[] = [
  {
    pattern: /(^|[-_.])e5([-_.]|$)/i,
    convention: { family: 'e5', prefixes: { passage: 'passage: ', query: 'query: ' }, pooling: 'mean' },
  },
  { pattern: /^bge([-_.]|$)/i, convention: { family: 'bge', prefixes: NO_PREFIX, pooling: 'cls' } },
];

export function conventionFor(modelName: string): ModelConvention {
  const baseName = modelName.split('/').pop() ?? modelName;
  return RULES.find((rule) => rule.pattern.test(baseName))?.convention ?? PLAIN;
}

export function prepareTexts(texts: readonly string[], kind: TextKind, convention: ModelConvention): string[] {
  const prefix = convention.prefixes[kind];
  return texts.map((text) => prefix + text);
}
