import type { FamilyAnswer } from '../../models/schema.ts';
import { ANSWERABLE_STATES, type StoryProgress } from '../../models/story-progress.ts';

/** One line of the progress list on the receipt page; `at` is shown as a date when present. */
export interface ProgressStep { text: string; done: boolean; at?: Date | string; quote?: string }
export interface AnswerForm {
  followUpId: string;
  title: string;
  intro: string;
  options: { value: FamilyAnswer; label: string; checked: boolean }[];
  words: string;
  answeredAt?: Date;
}
export interface ProgressView { steps: ProgressStep[]; answerForms: AnswerForm[] }

const ANSWER_LABELS: Record<FamilyAnswer, string> = { yes: 'Ja', a_bit: 'Een beetje', no: 'Nee' };

/** Ja / een beetje / nee, with the family's earlier answer checked (they may change it). */
export const answerOptions = (current: FamilyAnswer | undefined): AnswerForm['options'] =>
  (['yes', 'a_bit', 'no'] as const).map((value) => ({ value, label: ANSWER_LABELS[value], checked: current === value }));

/** Where a request stands, in the family's words (the state names staff see are not for them). */
function requestState(state: StoryProgress['followUps'][number]['state'], child: boolean): string {
  switch (state) {
    case 'sent': return child ? 'De zorgaanbieder moet er nog op reageren.' : 'De zorgaanbieder heeft nog niet gereageerd.';
    case 'acknowledged': return child ? 'De zorgaanbieder heeft de vraag gelezen.' : 'De zorgaanbieder heeft het verzoek gezien.';
    case 'plan_proposed': return child ? 'De zorgaanbieder heeft een plan gemaakt.' : 'De zorgaanbieder heeft een plan gemaakt.';
    case 'in_progress': return child ? 'De zorgaanbieder is ermee bezig.' : 'De zorgaanbieder is ermee bezig.';
    case 'reopened': return child ? 'De gemeente vindt dat het nog niet goed is. De zorgaanbieder gaat verder.' : 'De gemeente vindt dat het nog niet goed genoeg is. De zorgaanbieder moet verder.';
    default: return '';
  }
}

/** Turns a story's progress into plain Dutch lines (B1; shorter and simpler in child mode). */
export function presentProgress(p: StoryProgress, child: boolean, opts: { urgent?: boolean } = {}): ProgressView {
  const steps: ProgressStep[] = [];
  steps.push({
    done: true, at: p.receivedAt,
    text: child ? 'We hebben je verhaal.' : `We hebben je verhaal ontvangen.${opts.urgent ? ' Je gaf aan dat je vastloopt, dus het staat bovenaan.' : ''}`,
  });
  steps.push(p.readAt
    ? { done: true, at: p.readAt, text: child ? 'Iemand van Gehoord heeft je verhaal gelezen.' : 'Gelezen door de lezers van Gehoord.' }
    : { done: false, text: child ? 'Nog niet gelezen. Dat komt nog.' : 'Nog niet gelezen. De lezers van Gehoord lezen elk verhaal.' });
  if (p.themes.length) {
    for (const t of p.themes) {
      steps.push({
        done: true, at: t.at,
        text: child ? `Je verhaal hoort bij het onderwerp „${t.name}”. Andere kinderen vertelden iets wat erop lijkt.`
          : `Je verhaal hoort bij het thema „${t.name}”. Daarin staan verhalen van meer mensen die iets vergelijkbaars meemaakten.`,
      });
    }
  } else {
    steps.push({ done: false, text: child ? 'Nog niet bij een onderwerp.' : 'Nog niet bij een thema.' });
  }
  if (p.followUps.length === 0) {
    steps.push({ done: false, text: child ? 'Nog niet besproken met de zorgaanbieder.' : 'Nog niet in een verzoek aan de zorgaanbieder.' });
  }
  const answerForms: AnswerForm[] = [];
  for (const f of p.followUps) {
    const waiting = requestState(f.state, child);
    steps.push({
      done: true, at: f.askedAt,
      text: child ? `De gemeente vroeg de zorgaanbieder om er iets aan te doen: „${f.title}”.${waiting ? ` ${waiting}` : ''}`
        : `De gemeente heeft de zorgaanbieder gevraagd hier iets mee te doen: „${f.title}”. Dat moet klaar zijn op ${dutchDate(f.dueDate)}.${waiting ? ` ${waiting}` : ''}`,
    });
    if (f.publicResponse) {
      steps.push({ done: true, at: f.answeredAt ?? undefined, text: child ? 'Dit zegt de zorgaanbieder:' : 'Het antwoord van de zorgaanbieder:', quote: f.publicResponse });
    }
    if (ANSWERABLE_STATES.includes(f.state)) {
      steps.push({
        done: true, at: f.doneAt ?? undefined,
        text: f.state === 'confirmed'
          ? (child ? 'Het is klaar. De gemeente heeft het nagekeken.' : 'Veranderd: de zorgaanbieder heeft het gedaan en de gemeente heeft het nagekeken.')
          : (child ? 'De zorgaanbieder zegt dat het klaar is.' : 'Veranderd: de zorgaanbieder zegt dat het klaar is. De gemeente kijkt nog na.'),
      });
      answerForms.push({
        followUpId: f.id, title: f.title,
        intro: child ? `De zorgaanbieder zegt dat het klaar is: „${f.title}”. Wat vind jij?`
          : `De zorgaanbieder zegt dat het klaar is: „${f.title}”. De gemeente leest de antwoorden voordat ze zegt dat het echt af is. Ze zien niet wie wat antwoordde.`,
        options: answerOptions(f.answer?.answer),
        words: f.answer?.words ?? '',
        answeredAt: f.answer?.at,
      });
    }
  }
  return { steps, answerForms };
}

function dutchDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number);
  const months = ['januari', 'februari', 'maart', 'april', 'mei', 'juni', 'juli', 'augustus', 'september', 'oktober', 'november', 'december'];
  return `${d} ${months[m! - 1]} ${y}`;
}
