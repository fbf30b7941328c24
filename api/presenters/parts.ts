import type { Part } from '../../models/media.ts';
import type { PartStatus } from '../../models/schema.ts';
import type { MediaVariant } from '../../services/media/links.ts';

/** What each processing state means for the sharer, in plain words. */
const STATUS_TEXT: Record<'audio' | 'image', Record<PartStatus, string>> = {
  audio: {
    pending: 'Ontvangen. We gaan je opname uitschrijven.',
    processing: 'We schrijven je opname nu uit.',
    done: 'Uitgeschreven.',
    waiting_for_model: 'Wacht op uitschrijven. Iemand van Gehoord luistert je opname en schrijft hem uit.',
    failed: 'Uitschrijven lukte niet. Je opname is wel bewaard: iemand van Gehoord luistert hem zelf.',
  },
  image: {
    pending: 'Ontvangen. We gaan kijken of er tekst op staat.',
    processing: 'We lezen nu de tekst op je afbeelding.',
    done: 'Bekeken.',
    waiting_for_model: 'Wacht op verwerking.',
    failed: 'De tekst lezen lukte niet. Je afbeelding is wel bewaard en wordt bekeken.',
  },
};

export function presentParts(story: { parts: Part[] }, link: (partId: string, variant: MediaVariant) => string) {
  return story.parts.map((p) => ({
    id: p.id,
    audio: p.kind === 'audio',
    statusText: STATUS_TEXT[p.kind][p.status],
    problem: p.status === 'failed' ? p.error : null,
    text: p.text,
    caption: p.caption,
    minutes: p.durationSec ? formatDuration(p.durationSec) : null,
    src: p.kind === 'audio' ? link(p.id, 'audio') : link(p.id, 'display'),
    thumb: p.kind === 'image' ? link(p.id, 'thumb') : null,
  }));
}

function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
