import fs from 'node:fs';
import { runAdminCommand } from './lib/admin.ts';

const file = process.argv[2];
if (!file) {
  process.stderr.write('Gebruik: npm run providers:import -- bestand.csv\nKolommen: name,municipalities,regions,care_types (codes gescheiden door ;)\n');
  process.exit(2);
}
if (!fs.existsSync(file)) {
  process.stderr.write(`Bestand niet gevonden: ${file}\n`);
  process.exit(2);
}
await runAdminCommand('providers:import', { csv: fs.readFileSync(file, 'utf8') });
