import path from 'node:path';
import type { System } from '../../system.ts';
import { narrativeSubmission } from '../../api/schemas/narrative.ts';
import { prepareMedia } from '../../services/media/intake.ts';
import { newIdempotencyKey, story } from './fixtures.ts';

const fixture = (name: string) => path.join(new URL('../fixtures/media/', import.meta.url).pathname, name);

/** A story that is only a voice note, submitted through the narrative service as the forms do. */
export async function submitVoiceStory(system: System, overrides: Record<string, unknown> = {}, audio = 'speech.webm'): Promise<{ id: string; partId: string }> {
  const media = await prepareMedia({ audio: { path: fixture(audio) }, images: [] });
  const input = narrativeSubmission.parse(story({ text: '', urgent: false, ...overrides }));
  const { id } = await system.narratives.submit(input, { idempotencyKey: newIdempotencyKey(), media });
  const part = await system.database.db.selectFrom('narrative_parts').select('id').where('narrative_id', '=', id).executeTakeFirstOrThrow();
  return { id, partId: part.id };
}
