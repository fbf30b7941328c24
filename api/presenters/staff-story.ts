import type { StaffStoryView, StoryListRow } from '../../services/staff-stories.ts';
import type { ProjectedText } from '../../services/story-projection.ts';
import type { StoryListQuery } from '../schemas/review.ts';
import type { ThemeSummary } from '../../models/themes.ts';
import type { StoredFrameworkTopic } from '../../models/framework.ts';
import type { ProviderSummary } from '../../models/providers.ts';
import type { Municipality } from '../../models/reference.ts';

/** Dutch words for the workspace: one place, so list, story page and export say the same. */
export const LABELS = {
  role: { child: 'Kind', youth: 'Jongere', parent: 'Ouder', foster_parent: 'Pleegouder', other: 'Iemand anders' },
  age: { '0-11': 'jonger dan 12', '12-15': '12 tot 16', '16-17': '16 of 17', '18-23': '18 tot 24', '24+': '24 of ouder' },
  consent: {
    reviewers: 'Alleen lezers van Gehoord en de gemeente',
    provider: 'Ook de zorgaanbieder (zonder naam)',
    public: 'Ook stukjes zonder naam in openbare verslagen',
  },
  tone: { positive: 'Vooral positief', negative: 'Vooral negatief', mixed: 'Gemengd' },
  status: { new: 'Nieuw', seen: 'Bekeken', follow_up: 'Opvolgen' },
  kind: { text: 'Alleen tekst', voice: 'Spraakbericht', image: 'Afbeelding' },
  mask: {
    name: 'naam', phone: 'telefoonnummer', email: 'e-mailadres', bsn: 'BSN', iban: 'IBAN', postcode_address: 'adres',
    street_address: 'adres', date_of_birth: 'geboortedatum', url: 'link', other: 'weggelaten',
  },
  feeling: { 1: 'Heel slecht', 2: 'Slecht', 3: 'Gaat wel', 4: 'Goed', 5: 'Heel goed' } as Record<number, string>,
} as const;

/** Who told it and who may read it, in words: the same on the list and on the story page. */
const sharerLabels = (s: Pick<StoryListRow, 'sharerRole' | 'ageBand' | 'consent'>) => ({
  roleLabel: LABELS.role[s.sharerRole],
  ageLabel: LABELS.age[s.ageBand],
  consentLabel: LABELS.consent[s.consent],
});

export function presentListRow(row: StoryListRow) {
  return {
    ...row,
    ...sharerLabels(row),
    statusLabel: LABELS.status[row.reviewStatus],
    toneLabel: row.tone ? LABELS.tone[row.tone] : null,
    pending: row.textStatus === 'pending',
  };
}

function presentText(t: ProjectedText) {
  return {
    ...t,
    segments: t.segments.map((s) => ({ ...s, maskLabel: s.mask ? LABELS.mask[s.mask.kind] : undefined })),
    pending: t.status === 'pending',
    withheld: t.status === 'withheld',
    /** a voice note or image can be the whole story: then there is no text to show */
    empty: t.status !== 'withheld' && t.plain.trim() === '',
  };
}

const clock = (sec: number) => `${Math.floor(sec / 60)}:${String(Math.floor(sec % 60)).padStart(2, '0')}`;

export function presentStory(story: StaffStoryView, opts: { mediaBase: string }) {
  return {
    ...story,
    ...sharerLabels(story),
    feelingLabel: story.feeling ? LABELS.feeling[story.feeling] : null,
    toneLabel: story.signals ? LABELS.tone[story.signals.tone] : null,
    statusLabel: story.review ? LABELS.status[story.review.status] : null,
    text: presentText(story.text),
    additions: story.additions.map((a) => ({ ...a, text: presentText(a.text) })),
    parts: story.parts.map((p) => ({
      ...p,
      isAudio: p.kind === 'audio',
      audioUrl: p.media && p.kind === 'audio' ? `${opts.mediaBase}/${p.id}/audio` : null,
      imageUrl: p.media && p.kind === 'image' ? `${opts.mediaBase}/${p.id}/display` : null,
      thumbUrl: p.media && p.kind === 'image' ? `${opts.mediaBase}/${p.id}/thumb` : null,
      text: p.text ? presentText(p.text) : null,
      caption: p.caption ? presentText(p.caption) : null,
      byPerson: p.textSource === 'person',
      waiting: p.kind === 'audio' && !p.text,
      segments: p.segments.map((s) => ({ ...s, clock: clock(s.start), text: presentText(s.text) })),
      versionCount: p.versions.length,
    })),
  };
}

interface Option { value: string; label: string; selected: boolean }
const options = (list: [string, string][], current: string | undefined): Option[] =>
  list.map(([value, label]) => ({ value, label, selected: value === current }));

export function filterOptions(q: StoryListQuery, lists: {
  themes: ThemeSummary[]; topics: StoredFrameworkTopic[]; providers: ProviderSummary[]; municipalities: Municipality[];
}) {
  const regions = new Map(lists.municipalities.map((m) => [m.regionCode, m.regionName]));
  return {
    themes: [['none', 'Niet ingedeeld'] as [string, string], ...lists.themes.map((t): [string, string] => [t.id, `${t.name ?? t.label} (${t.size})`])]
      .map(([value, label]) => ({ value, label, selected: value === q.theme })),
    topics: options(lists.topics.filter((t) => t.active).map((t) => [t.key, t.label]), q.topic),
    providers: options(lists.providers.map((p) => [p.id, p.name]), q.provider),
    municipalities: options(lists.municipalities.map((m) => [m.code, m.name]), q.municipality),
    regions: options([...regions].sort((a, b) => a[1].localeCompare(b[1], 'nl')), q.region),
    roles: options(Object.entries(LABELS.role), q.role),
    ages: options(Object.entries(LABELS.age), q.age),
    kinds: options(Object.entries(LABELS.kind), q.kind),
    tones: options(Object.entries(LABELS.tone), q.tone),
    statuses: options(Object.entries(LABELS.status), q.status),
    sorts: options([['newest', 'Nieuwste eerst'], ['oldest', 'Oudste eerst'], ['relevance', 'Best passend bij de zoekwoorden (nieuwste 2.000)']], q.sort),
  };
}
