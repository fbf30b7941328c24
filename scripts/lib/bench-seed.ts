/**
 * Realistic stories at scale for the benchmarks (`bench:review`, `bench:dashboard`): twenty themes,
 * each in the words families use, spread over two years, the municipalities and the providers.
 */
import { sql } from 'kysely';
import type { DB } from '../../models/db.ts';
import { syncReferenceData } from '../../models/reference.ts';
import { ensureFrameworkSeeded } from '../../models/framework.ts';

export const lit = (list: string[]) => `array[${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]`;

/** Twenty themes, each with three ways families say it; the first ones are the big ones. */
const THEMES: [string, string[]][] = [
  ['Lang wachten op hulp', ['We staan al maanden op de wachtlijst en er gebeurt niks.', 'De wachtlijst voor de specialistische hulp is meer dan een jaar.', 'Elke keer als ik bel zeggen ze dat de wachtlijst nog lang is.']],
  ['Niet gehoord worden', ['Niemand luistert echt naar wat ik zelf wil.', 'Ze beslissen over mij zonder het aan mij te vragen.', 'In het gesprek werd alleen met mijn ouders gepraat, niet met mij.']],
  ['Steeds andere hulpverleners', ['Ik heb dit jaar al vier verschillende begeleiders gehad.', 'Elke keer moet ik mijn verhaal opnieuw vertellen aan iemand nieuws.', 'Door al die wisselingen weet ik niet meer bij wie ik moet zijn.']],
  ['Vertrouwen en een vaste persoon', ['Mijn mentor is de eerste die me echt begrijpt.', 'Ik vertrouw mijn begeleider omdat ze doet wat ze zegt.', 'Een vaste contactpersoon zou voor ons gezin veel schelen.']],
  ['Achttien worden', ['Nu ik achttien word stopt de hulp ineens.', 'Niemand heeft met mij besproken wat er na mijn achttiende gebeurt.', 'De overgang naar de volwassenenzorg voelt als een gat.']],
  ['Privacy en mijn verhaal', ['Ze hebben mijn dossier zonder te vragen met school gedeeld.', 'Ik wil zelf bepalen wie mijn verhaal mag lezen.', 'Mijn ouders kregen dingen te horen die ik in vertrouwen had verteld.']],
  ['Uit huis geplaatst', ['Sinds de uithuisplaatsing zie ik mijn broertje bijna nooit.', 'In de groep voel ik me niet thuis en niet veilig.', 'Het ging allemaal heel snel, ik kreeg geen uitleg.']],
  ['Veiligheid in de instelling', ['Op de gesloten groep werd ik vastgepakt en dat deed pijn.', 'Ik voel me niet veilig op de groep omdat er steeds ruzie is.', 'In de separeerruimte was ik urenlang alleen.']],
  ['Te veel papierwerk', ['We moesten drie keer hetzelfde formulier invullen.', 'De beschikking van de gemeente duurde weken.', 'Er wordt meer over ons geschreven dan met ons gepraat.']],
  ['Personeel dat weggaat', ['De begeleiding heeft het zo druk dat afspraken vaak niet doorgaan.', 'Het personeel wisselt zo vaak dat niemand ons kent.', 'Er zijn te weinig mensen op de groep, vooral in het weekend.']],
  ['Te snel een label', ['Ik kreeg heel snel een diagnose zonder dat ze me kenden.', 'Ze zien alleen het label en niet wie ik ben.', 'Door de diagnose denkt school dat ik niks kan.']],
  ['Hulp voor het hele gezin', ['Het probleem ligt niet alleen bij ons kind, het hele gezin heeft steun nodig.', 'Ik als moeder kreeg geen enkele hulp, alleen mijn zoon.', 'Het zou helpen als ze ook naar de situatie thuis kijken.']],
  ['Goede hulp', ['De hulp heeft me echt verder geholpen.', 'Dankzij de gezinscoach gaat het thuis veel beter.', 'Ik ben blij met hoe de behandeling nu gaat.']],
  ['Bereikbaarheid', ['Ze bellen nooit terug als ik een vraag heb.', "Bij crisis kon ik 's avonds niemand bereiken.", 'Mijn mails blijven weken onbeantwoord.']],
  ['School en hulp', ['School en de hulpverlening praten niet met elkaar.', 'Door de afspraken onder schooltijd mis ik veel lessen.', 'Ik zit al maanden thuis zonder passend onderwijs.']],
  ['Pleegzorg', ['Als pleegouder voel ik me niet gesteund door de pleegzorgwerker.', 'In mijn pleeggezin voel ik me eindelijk thuis.', 'De bezoekregeling met mijn vader wordt steeds verzet.']],
  ['Reizen naar de hulp', ['Ik moet elke week een uur reizen naar de therapie.', 'Het vervoer naar de dagbehandeling komt vaak te laat.', 'Zonder auto kunnen we de afspraken bijna niet halen.']],
  ['Te weinig uren', ['We krijgen maar twee uur begeleiding per week, dat is te weinig.', 'De uren zijn verminderd terwijl het slechter gaat.', 'De indicatie is te krap voor wat we nodig hebben.']],
  ['Crisis en spoed', ['Toen het misging duurde het dagen voor er iemand kwam.', 'De crisisdienst stuurde ons door naar de huisarts.', 'Bij spoed werd er pas na een week iets geregeld.']],
  ['Meepraten over het plan', ['Ik mocht meedenken over mijn eigen plan en dat voelde goed.', 'Het plan was al klaar voordat ik het gesprek in kwam.', 'Niemand vroeg wat mijn doelen waren.']],
];
const OPENERS = ['Ik wil graag iets vertellen over de jeugdzorg.', 'Ik ben moeder van twee kinderen en wil iets kwijt.', 'Ik ben vijftien en woon sinds kort op een groep.',
  'Als vader maak ik me zorgen over de hulp voor mijn dochter.', 'Ik krijg nu twee jaar hulp.', 'Wat ik wil zeggen is dit.', 'Ik zit in de pleegzorg.',
  'Mijn zoon heeft autisme en krijgt hulp van een zorgaanbieder.', 'Ik ben zeventien en heb ambulante begeleiding.', 'Het is al een lange tijd moeilijk bij ons thuis.'];
const DETAILS = ['Dat maakt me boos en verdrietig.', 'Ik heb het al vaak aangegeven.', 'Soms weet ik niet meer wat ik moet doen.', 'Mijn ouders zijn er ook moe van.',
  'Op school merken ze het ook.', 'Ik snap niet waarom het zo moet.', 'Het kost ons gezin heel veel energie.', 'Ik voel me vaak alleen daarmee.',
  'De gemeente zegt dat het aan de aanbieder ligt.', 'Ik hoop dat het beter wordt.', 'Het duurt allemaal veel te lang.', 'We hebben een klacht ingediend.',
  'Ik heb er slapeloze nachten van.', 'Mijn broer heeft hetzelfde meegemaakt.', 'Het gaat nu iets beter dan vorig jaar.'];
const ENDINGS = ['Ik hoop dat iemand hier iets mee doet.', 'Luister alstublieft naar jongeren.', 'Bedankt voor het lezen.', 'Ik wil gewoon dat het beter wordt.',
  'Zorg dat andere kinderen dit niet meemaken.', 'Dit is mijn verhaal.', 'Graag een reactie.', 'Meer hoef ik niet te zeggen.'];
const NAMES = ['Sanne', 'Bas', 'Fatima', 'Daan', 'Noor', 'Mohammed', 'Lotte', 'Sem', 'Emma', 'Yusuf', 'Anouk', 'Jesse', 'Iris', 'Mehmet', 'Fleur', 'Thijs'];
const ROLES = ['child', 'youth', 'youth', 'youth', 'parent', 'parent', 'parent', 'foster_parent', 'other'];
const AGES = ['0-11', '12-15', '16-17', '18-23', '24+'];
const NAME_PREFIX = 'Mijn begeleider heet ';

/** Stories with themes, tags, tone, safety signals, redactions and review states, set-based (seconds, not hours). */
export async function seedBenchStories(db: DB, count: number, providers: number): Promise<{ themeIds: string[] }> {
  await syncReferenceData(db);
  await ensureFrameworkSeeded(db);
  const run = (text: string) => sql.raw(text).execute(db);
  await run('select setseed(0.42)');
  await run(`insert into providers (name) select 'Jeugdhulp ' || (array['De Brug','Het Anker','Kompas','De Horizon','Samen Sterk','Buitenkans','Het Veld','Rondom'])[1 + i % 8] || ' ' || i
    from generate_series(1, ${providers}) i on conflict do nothing`);
  const themeIds = THEMES.map((_, i) => `bench-${String(i).padStart(2, '0')}`);
  await db.insertInto('themes').values(THEMES.map(([name, sentences], i) => ({
    id: themeIds[i]!, label: name.toLowerCase(), name, keywords: JSON.stringify(sentences[0]!.toLowerCase().split(' ').slice(0, 4)), status: 'active' as const, locked: false,
  }))).execute();
  const themeSentences = THEMES.flatMap(([, s]) => s);
  const step = (label: string, started: number) => console.log(`SEED_${label}: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  let t0 = performance.now();
  // One row per story with its choices; the text is composed from them, so themes, tags and
  // words in the text agree (a waiting-list story says "wachtlijst").
  await run(`create temp table bench_seed as
    select gen_random_uuid() as id, i,
      least(${THEMES.length - 1}, floor(${THEMES.length} * power(random(), 1.7)))::int as t,
      floor(random() * ${THEMES.length})::int as t2,
      random() as r1, random() as r2, random() as r3, random() as r4
    from generate_series(1, ${count}) i`);
  await run(`alter table bench_seed add column text text, add column name text`);
  await run(`update bench_seed set name = case when r1 < 0.3 then (${lit(NAMES)})[1 + floor(r2 * ${NAMES.length})::int] end`);
  await run(`update bench_seed set text = concat_ws(' ',
      case when name is not null then '${NAME_PREFIX}' || name || '.' end,
      (${lit(OPENERS)})[1 + (i * 7) % ${OPENERS.length}],
      (${lit(themeSentences)})[1 + t * 3 + floor(r3 * 3)::int],
      (${lit(DETAILS)})[1 + (i * 13) % ${DETAILS.length}],
      case when r4 < 0.6 then (${lit(themeSentences)})[1 + t * 3 + (i % 3)] end,
      case when r4 > 0.4 then (${lit(themeSentences)})[1 + t2 * 3 + (i % 3)] end,
      (${lit(DETAILS)})[1 + (i * 5) % ${DETAILS.length}],
      (${lit(ENDINGS)})[1 + (i * 3) % ${ENDINGS.length}])`);
  step('COMPOSE', t0);
  t0 = performance.now();
  // The search document is built below for all stories at once instead of row by row.
  await run('alter table narratives disable trigger narrative_search_narrative');
  await run(`insert into narratives (id, created_at, updated_at, sharer_role, age_band, municipality_code, provider_id, text, feeling, consent,
      urgent, receipt_bucket, receipt_hash)
    select s.id, ts, ts, (${lit(ROLES)})[1 + s.i % ${ROLES.length}], (${lit(AGES)})[1 + (s.i * 3) % ${AGES.length}],
      m.codes[1 + (s.i * 7) % array_length(m.codes, 1)],
      case when s.r2 < 0.85 then p.ids[1 + (s.i * 11) % array_length(p.ids, 1)] end,
      s.text, 1 + s.i % 5, (array['reviewers','provider','provider','public'])[1 + s.i % 4],
      s.r3 < 0.02, s.i % 65536, 'bench'
    from bench_seed s
    cross join lateral (select now() - make_interval(secs => s.r1 * 730 * 86400) as ts) c
    cross join (select array_agg(code order by code) as codes from municipalities) m
    cross join (select array_agg(id order by name) as ids from providers) p`);
  await run('alter table narratives enable trigger narrative_search_narrative');
  step('NARRATIVES', t0);
  t0 = performance.now();
  await run('alter table narrative_additions disable trigger narrative_search_addition');
  await run(`insert into narrative_additions (narrative_id, text, created_at)
    select id, (${lit(DETAILS)})[1 + i % ${DETAILS.length}] || ' ' || (${lit(ENDINGS)})[1 + i % ${ENDINGS.length}], now()
    from bench_seed where r4 < 0.05`);
  await run('alter table narrative_additions enable trigger narrative_search_addition');
  await run(`insert into narrative_search (narrative_id, document)
    select n.id, setweight(to_tsvector('dutch', n.text), 'A') || to_tsvector('dutch', coalesce(a.texts, ''))
    from narratives n left join (select narrative_id, string_agg(text, ' ') as texts from narrative_additions group by narrative_id) a on a.narrative_id = n.id`);
  step('SEARCH', t0);
  t0 = performance.now();
  await run(`insert into theme_members (narrative_id, theme_id, similarity, source)
    select id, 'bench-' || lpad(t::text, 2, '0'), 0.3 + r2 * 0.6, 'cluster' from bench_seed where r3 > 0.1`);
  // A run marks the three stories closest to each theme's centre as representative (quotes come from them).
  await run(`update theme_members m set representative = r.rank from (
    select narrative_id, row_number() over (partition by theme_id order by similarity desc, narrative_id) as rank from theme_members) r
    where r.narrative_id = m.narrative_id and r.rank <= 3`);
  await run(`insert into theme_machine_members (narrative_id, theme_id) select narrative_id, theme_id from theme_members`);
  await run(`insert into narrative_signals (narrative_id, tone, tone_score, safety_flag)
    select id, case when t = 12 or r2 > 0.85 then 'positive' when r4 < 0.55 then 'negative' else 'mixed' end, r4 * 2 - 1, t = 7 and r1 < 0.4
    from bench_seed`);
  const topics = (await db.selectFrom('framework_topics').select('key').orderBy('sort').orderBy('key').execute()).map((t) => t.key);
  await run(`insert into narrative_tags (narrative_id, topic, score, source, lexicon_score)
    select distinct on (id, topic) id, topic, 0.5 + r1 / 2, 'lexicon', 0.5 + r1 / 2 from (
      select id, r1, (${lit(topics)})[1 + t % ${topics.length}] as topic from bench_seed
      union all select id, r1, (${lit(topics)})[1 + t2 % ${topics.length}] from bench_seed where r4 > 0.4
      union all select id, r1, (${lit(topics)})[1 + i % ${topics.length}] from bench_seed where r2 < 0.3) x`);
  // The redaction worker has checked 95% of the stories; the named ones have their name masked.
  await run(`insert into text_redactions (narrative_id, source, text_hash, spans)
    select id, 'narrative', substr(encode(sha256(convert_to(text, 'UTF8')), 'hex'), 1, 16),
      case when name is null then '[]'::jsonb
        else jsonb_build_array(jsonb_build_object('start', ${NAME_PREFIX.length}, 'end', ${NAME_PREFIX.length} + length(name), 'kind', 'name')) end
    from bench_seed where r4 < 0.95`);
  await run(`insert into narrative_reviews (narrative_id, status) select id, case when r1 < 0.05 then 'follow_up' else 'seen' end from bench_seed where r1 < 0.25`);
  step('ANALYSIS', t0);
  t0 = performance.now();
  await run('drop table bench_seed');
  await run('analyze');
  step('ANALYZE', t0);
  return { themeIds };
}
