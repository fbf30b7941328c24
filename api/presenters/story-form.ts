import type { FieldErrors } from '../../lib/errors.ts';
import type { CareKind, Municipality } from '../../models/reference.ts';
import type { ProviderSummary } from '../../models/providers.ts';
import type { ConsentScope } from '../../models/schema.ts';

/** The words the form uses, in B1 Dutch and in simpler words for children. */
const copy = {
  roles: {
    adult: [
      ['child', 'Een kind (tot ongeveer 12 jaar)'], ['youth', 'Een jongere'], ['parent', 'Een ouder'],
      ['foster_parent', 'Een pleegouder'], ['other', 'Familie of iemand anders uit de omgeving'],
    ],
    child: [
      ['child', 'Ik ben een kind'], ['youth', 'Ik ben een tiener'], ['parent', 'Ik ben een ouder'],
      ['foster_parent', 'Ik ben een pleegouder'], ['other', 'Iemand anders'],
    ],
  },
  ageBands: {
    adult: [['0-11', 'Jonger dan 12'], ['12-15', '12 tot 16'], ['16-17', '16 of 17'], ['18-23', '18 tot 24'], ['24+', '24 of ouder']],
    child: [['0-11', 'Jonger dan 12'], ['12-15', '12 tot 16'], ['16-17', '16 of 17'], ['18-23', '18 of ouder'], ['24+', 'Ik ben volwassen']],
  },
  consent: {
    adult: [
      ['reviewers', 'Alleen de lezers van Gehoord en de gemeente',
        'Mensen die verhalen lezen om de jeugdhulp beter te maken, en de gemeente. Niet de zorgaanbieder.'],
      ['provider', 'Ook de zorgaanbieder, zonder mijn naam',
        'De zorgaanbieder mag je verhaal lezen. We halen eerst je naam en andere gegevens eruit waaraan ze je kunnen herkennen.'],
      ['public', 'Ook stukjes zonder naam in openbare verslagen',
        'Korte stukjes uit je verhaal mogen in een verslag dat iedereen kan lezen. Nooit met je naam.'],
    ],
    child: [
      ['reviewers', 'Alleen de mensen van Gehoord en de gemeente', 'Je hulpverleners lezen het niet.'],
      ['provider', 'Ook mijn hulpverleners', 'We halen je naam er eerst uit.'],
      ['public', 'Ook een stukje in een verslag voor iedereen', 'Zonder je naam. Niemand weet dat het van jou is.'],
    ],
  },
  feelings: [['1', 'Heel slecht'], ['2', 'Slecht'], ['3', 'Gaat wel'], ['4', 'Goed'], ['5', 'Heel goed']],
} as const;

export const FIELD_ORDER = ['role', 'ageBand', 'municipality', 'provider', 'careType', 'text', 'audio', 'images', 'feeling', 'consent', 'contact', 'form'];

export type FormValues = Record<string, string | undefined>;

export interface StoryFormData {
  values: FormValues;
  errors: FieldErrors;
  childMode: boolean;
  municipalities: Municipality[];
  providers: ProviderSummary[];
  careKinds: CareKind[];
  csrfToken: string;
  submissionKey: string;
  generalError?: string;
  /** Files cannot be put back into a form: tell the sharer to choose them again. */
  filesLost: boolean;
}

export function childModeFor(values: FormValues, explicit: boolean): boolean {
  return explicit || values.childMode === '1' || values.role === 'child' || values.ageBand === '0-11';
}

/** Everything the story form template needs, with the sharer's earlier answers selected again. */
export function presentStoryForm(d: StoryFormData) {
  const mode = d.childMode ? 'child' : 'adult';
  const v = d.values;
  const errorList = FIELD_ORDER.filter((f) => d.errors[f]).map((f) => ({ field: f, message: d.errors[f] }));
  return {
    title: d.childMode ? 'Vertel het ons' : 'Vertel je verhaal',
    child: d.childMode,
    values: v,
    errors: d.errors,
    errorList,
    generalError: d.generalError,
    filesLost: d.filesLost,
    csrfToken: d.csrfToken,
    submissionKey: d.submissionKey,
    urgent: v.urgent === 'on' || v.urgent === '1' || v.urgent === 'true',
    wantsContact: v.wantsContact === 'on' || !!v.contact,
    roles: copy.roles[mode].map(([value, label]) => ({ value, label, checked: v.role === value })),
    ageBands: copy.ageBands[mode].map(([value, label]) => ({ value, label, checked: v.ageBand === value })),
    consents: copy.consent[mode].map(([value, label, hint]) => ({ value: value as ConsentScope, label, hint, checked: v.consent === value })),
    feelings: copy.feelings.map(([value, label]) => ({ value, label, mouth: mouthPath(Number(value)), checked: v.feeling === value })),
    municipalities: d.municipalities.map((m) => ({ ...m, selected: v.municipality === m.code })),
    providers: d.providers.map((p) => ({ ...p, selected: v.provider === p.id })),
    providerUnknown: !v.provider || v.provider === 'unknown',
    careKinds: d.careKinds.map((c) => ({ ...c, selected: v.careType === c.code })),
    imageSlots: [1, 2, 3, 4].map((n) => ({ n, first: n === 1, caption: v[`caption${n}`] })),
  };
}

/** Faces are drawn, not emoji: cheap phones and some screen readers handle emoji badly. */
function mouthPath(feeling: number): string {
  const curve = (feeling - 3) * 5;
  return `M10 ${curve < 0 ? 23 : 20} Q16 ${(curve < 0 ? 23 : 20) + curve} 22 ${curve < 0 ? 23 : 20}`;
}

export function consentLabel(scope: ConsentScope, child: boolean): string {
  return copy.consent[child ? 'child' : 'adult'].find(([value]) => value === scope)![1];
}

export function consentOptions(current: ConsentScope, child: boolean) {
  return copy.consent[child ? 'child' : 'adult'].map(([value, label, hint]) => ({ value, label, hint, checked: value === current }));
}

export function feelingLabel(value: number | null): string | null {
  const f = copy.feelings.find(([v]) => Number(v) === value);
  return f ? f[1] : null;
}
