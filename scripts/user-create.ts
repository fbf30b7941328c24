import { parseArgs } from 'node:util';
import { runAdminCommand } from './lib/admin.ts';

const usage = 'Gebruik: npm run user:create -- --role admin|reviewer|municipality|provider --email naam@organisatie.nl '
  + '[--name "Naam"] [--password …] [--provider ID] [--region JZ..] [--municipality GM..]\n'
  + 'Zonder --password krijg je een eenmalige uitnodigingslink. Meerdere regio\'s of gemeenten: scheid met komma\'s.\n';

let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' },
      provider: { type: 'string' }, region: { type: 'string' }, municipality: { type: 'string' },
    },
  }));
} catch (err) {
  process.stderr.write(`${(err as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.role || !values.email) {
  process.stderr.write(usage);
  process.exit(2);
}
await runAdminCommand('user:create', Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Record<string, string>);
