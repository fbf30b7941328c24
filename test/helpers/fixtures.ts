import crypto from 'node:crypto';

export const UTRECHT = 'GM0344';
export const AMSTERDAM = 'GM0363';

export function story(overrides: Record<string, unknown> = {}) {
  return {
    role: 'youth',
    ageBand: '16-17',
    municipality: UTRECHT,
    consent: 'reviewers',
    text: 'Ik moest heel lang wachten op hulp. Niemand belde me terug.',
    ...overrides,
  };
}

export const newIdempotencyKey = () => crypto.randomUUID();
