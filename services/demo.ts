import type { DB } from '../models/db.ts';
import { upsertProvider } from '../models/providers.ts';
import type { NarrativeService } from './narratives.ts';
import type { NarrativeSubmission } from '../api/schemas/narrative.ts';

/** Clearly fictional organisations: the "(voorbeeld)" suffix shows up everywhere they are listed. */
const DEMO_PROVIDERS = [
  { name: 'De Regenboog Jeugdhulp (voorbeeld)', municipalities: ['GM0344'], regions: [], careTypes: ['45', '54'] },
  { name: 'Stichting Kompas Gezinshuizen (voorbeeld)', municipalities: [], regions: ['JZ22'], careTypes: ['36', '43'] },
  { name: 'Jeugdteam Oost (voorbeeld)', municipalities: ['GM0363'], regions: [], careTypes: ['31', '45'] },
  { name: 'Horizon Pleegzorg (voorbeeld)', municipalities: [], regions: ['JZ22', 'JZ13'], careTypes: ['35'] },
];

type DemoStory = Omit<NarrativeSubmission, 'provider' | 'urgent' | 'childMode' | 'careType'> & { provider: number; careType?: string };

const DEMO_STORIES: DemoStory[] = [
  { role: 'parent', ageBand: '12-15', municipality: 'GM0344', provider: 0, consent: 'provider', feeling: 2, careType: '54',
    text: 'We stonden acht maanden op de wachtlijst voor de ggz. In die tijd belde niemand ons terug. Onze zoon ging steeds minder naar school. Toen de hulp er eindelijk was, was de behandelaar wel fijn.' },
  { role: 'youth', ageBand: '16-17', municipality: 'GM0344', provider: 1, consent: 'public', feeling: 4, careType: '36',
    text: 'In het gezinshuis luisteren ze echt naar me. Ik mocht zelf meebeslissen over mijn school. Dat had ik nog nooit meegemaakt.' },
  { role: 'child', ageBand: '0-11', municipality: 'GM0363', provider: 2, consent: 'reviewers', feeling: 3,
    text: 'Ik had al drie verschillende juffen van de hulp. Elke keer moest ik alles opnieuw vertellen. Dat vind ik stom.' },
  { role: 'foster_parent', ageBand: '0-11', municipality: 'GM0344', provider: 3, consent: 'provider', feeling: 2, careType: '35',
    text: 'Als pleegouder krijgen we weinig steun. De pleegzorgbegeleider is al twee keer vertrokken. We weten vaak niet bij wie we terecht kunnen.' },
  { role: 'youth', ageBand: '18-23', municipality: 'GM0363', provider: 2, consent: 'public', feeling: 1,
    text: 'Op mijn achttiende stopte alles ineens. Geen begeleiding meer, geen plek om te wonen. Niemand had het met mij over wat er daarna zou gebeuren.' },
  { role: 'parent', ageBand: '12-15', municipality: 'GM0363', provider: 2, consent: 'provider', feeling: 4, careType: '31',
    text: 'Het wijkteam keek naar ons hele gezin en niet alleen naar onze dochter. Mijn man en ik kregen ook hulp. Dat maakte echt het verschil.' },
];

/** Seeds demo providers and example stories so a newcomer sees a living system. Safe to run twice. */
export async function seedDemo(db: DB, narratives: NarrativeService): Promise<{ providers: number; stories: number; receipt: string }> {
  const ids: string[] = [];
  for (const p of DEMO_PROVIDERS) ids.push((await upsertProvider(db, { ...p, isDemo: true })).id);
  let receipt = '';
  for (const [i, s] of DEMO_STORIES.entries()) {
    const result = await narratives.submit(
      { ...s, provider: ids[s.provider], careType: s.careType, urgent: false, childMode: s.role === 'child' },
      { idempotencyKey: `demo-story-${String(i).padStart(4, '0')}-v1`, isDemo: true });
    receipt ||= result.receipt;
  }
  return { providers: ids.length, stories: DEMO_STORIES.length, receipt };
}
