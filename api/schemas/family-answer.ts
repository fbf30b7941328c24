import { z } from 'zod';

/** "Is it better for you now?" from the receipt page. */
export const familyAnswerInput = z.object({
  followUpId: z.string().uuid({ message: 'Dit verzoek bestaat niet (meer).' }),
  answer: z.enum(['yes', 'a_bit', 'no'], { message: 'Kies ja, een beetje of nee.' }),
  words: z.string().trim().max(1000, { message: 'Je woorden zijn te lang (hoogstens 1000 tekens).' }).optional()
    .transform((w) => (w ? w : null)),
});
