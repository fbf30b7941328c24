import type { AuditEvent } from '../../models/audit.ts';
import type { StaffUser } from '../../models/staff.ts';
import type { StaffRole } from '../../models/schema.ts';
import type { Municipality } from '../../models/reference.ts';
import type { ProviderSummary } from '../../models/providers.ts';

/** Dutch words for the admin pages. */
export const ADMIN_LABELS = {
  role: { admin: 'Beheerder', reviewer: 'Lezer', municipality: 'Gemeente of regio', provider: 'Zorgaanbieder' } as Record<StaffRole, string>,
  jobKind: {
    'narrative.analyze': 'Verhaal analyseren (thema, onderwerpen, signalen)',
    'narrative.redact': 'Persoonsgegevens afschermen',
    'media.transcribe': 'Spraakbericht uitschrijven',
    'media.ocr': 'Tekst uit afbeelding lezen',
    'themes.recluster': "Thema's opnieuw indelen",
    'tags.retrain': 'Onderwerpen leren van correcties',
    maintenance: 'Onderhoud',
  } as Record<string, string>,
  jobStatus: { queued: 'Wacht', running: 'Bezig', failed: 'Mislukt' } as Record<string, string>,
  targetKind: { user: 'account', provider: 'zorgaanbieder', topic: 'onderwerp', job: 'taak', page: 'pagina', part: 'bestand', narrative: 'verhaal', theme: 'thema' } as Record<string, string>,
  action: {
    login: 'Ingelogd', login_failed: 'Inloggen mislukt', logout: 'Uitgelogd', logout_everywhere: 'Overal uitgelogd',
    second_factor_enabled: 'Code-app ingesteld', story_viewed: 'Verhaal bekeken', story_denied: 'Geen toegang',
    stories_exported: 'Verhalen geëxporteerd', audit_exported: 'Logboek geëxporteerd', review_status_changed: 'Status veranderd',
    note_added: 'Notitie toegevoegd', transcript_saved: 'Transcriptie opgeslagen', redaction_changed: 'Afscherming veranderd',
    theme_changed: 'Thema veranderd', tags_changed: 'Onderwerpen veranderd', theme_curated: 'Thema bewerkt', media_played: 'Media geopend',
    user_created: 'Account gemaakt', user_changed: 'Account veranderd', invite_issued: 'Uitnodiging gemaakt', password_set: 'Wachtwoord gekozen',
    provider_changed: 'Zorgaanbieder veranderd', topic_changed: 'Onderwerp veranderd', job_retried: 'Taak opnieuw gestart',
    retention_changed: 'Bewaartermijn veranderd',
  } as Record<string, string>,
};

export const roleOptions = (selected?: string) =>
  (Object.entries(ADMIN_LABELS.role) as [StaffRole, string][]).map(([value, label]) => ({ value, label, selected: value === selected }));

export const actionOptions = (selected?: string) =>
  Object.entries(ADMIN_LABELS.action).map(([value, label]) => ({ value, label, selected: value === selected }));

/** Regions from the municipality list (each region once, by name). */
export function regionsOf(municipalities: Municipality[]): { code: string; name: string }[] {
  const byCode = new Map<string, string>();
  for (const m of municipalities) byCode.set(m.regionCode, m.regionName);
  return [...byCode].map(([code, name]) => ({ code, name })).sort((a, b) => a.name.localeCompare(b.name, 'nl'));
}

export interface ScopeChoices { providers: ProviderSummary[]; regions: { code: string; name: string }[] }

/** The scope part of the user forms, with what is chosen now. */
export function scopeOptions(choices: ScopeChoices, scope: { providers: string[]; regions: string[]; municipalities: string[] }) {
  return {
    providers: choices.providers.map((p) => ({ value: p.id, label: p.name, selected: scope.providers.includes(p.id) })),
    regions: choices.regions.map((r) => ({ value: r.code, label: `${r.name} (${r.code})`, selected: scope.regions.includes(r.code) })),
    regionsChosen: choices.regions.filter((r) => scope.regions.includes(r.code)).map((r) => r.name).join(', '),
    municipalities: scope.municipalities.join(', '),
  };
}

export function presentUser(u: StaffUser, names: { providers: Map<string, string>; regions: Map<string, string> }) {
  const scope = [
    ...u.scope.providers.map((id) => names.providers.get(id) ?? id),
    ...u.scope.regions.map((c) => names.regions.get(c) ?? c),
    ...u.scope.municipalities,
  ];
  return {
    ...u,
    roleLabel: ADMIN_LABELS.role[u.role],
    scopeLabel: scope.join(', '),
    state: !u.active ? 'Uitgezet' : u.invitePending && !u.hasPassword ? 'Uitgenodigd' : 'Actief',
  };
}

export function presentAudit(e: AuditEvent) {
  return {
    ...e,
    actionLabel: ADMIN_LABELS.action[e.action] ?? e.action,
    roleLabel: e.actorRole ? ADMIN_LABELS.role[e.actorRole as StaffRole] ?? e.actorRole : null,
    detailText: Object.keys(e.detail ?? {}).length ? JSON.stringify(e.detail) : '',
    storyLink: e.targetKind === 'narrative' && e.targetId ? `/review/stories/${e.targetId}` : null,
    targetLabel: e.targetKind ? `${ADMIN_LABELS.targetKind[e.targetKind] ?? e.targetKind} ${e.targetId ?? ''}`.trim() : '',
  };
}
