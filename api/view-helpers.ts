const dateFormat = new Intl.DateTimeFormat('nl-NL', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Amsterdam' });
const dateTimeFormat = new Intl.DateTimeFormat('nl-NL', {
  day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/Amsterdam',
});

/** Handlebars helpers; all output stays escaped because none returns a SafeString. */
export const viewHelpers = {
  eq: (a: unknown, b: unknown) => a === b,
  date: (d: Date | string) => dateFormat.format(new Date(d)),
  dateTime: (d: Date | string) => dateTimeFormat.format(new Date(d)),
  /** 83 → "1:23" */
  duration: (sec: number) => `${Math.floor(sec / 60)}:${String(Math.round(sec % 60)).padStart(2, '0')}`,
  /** Field ids for error links and aria-describedby. */
  fieldId: (name: string) => `veld-${name}`,
};
