import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from './helpers/backends.ts';
import { startServer, runScript } from './helpers/process.ts';
import { story } from './helpers/fixtures.ts';

describe('The whole system as `npm start` runs it (embedded PGlite)', function () {
  this.timeout(120_000);
  const dataDir = tempDir('gehoord-start-');
  const env = { DATA_DIR: dataDir };

  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('keeps an accepted story after a restart, runs admin tasks while it runs, and reports its health', async () => {
    const first = await startServer(env);
    let receipt: string;
    try {
      const health = await (await fetch(`${first.url}/healthz`)).json();
      expect(health.database).to.deep.equal({ backend: 'pglite', ok: true });
      expect(health.worker.mode).to.equal('embedded');

      const res = await fetch(`${first.url}/api/narratives`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(story({ text: 'Dit verhaal moet blijven.' })),
      });
      expect(res.status).to.equal(201);
      receipt = (await res.json()).receipt;

      // The app holds the embedded database; the CLI reaches it through the admin socket.
      const csv = path.join(dataDir, 'providers.csv');
      fs.writeFileSync(csv, 'name,municipalities,regions,care_types\nCLI Aanbieder,GM0344,,\nKapot,GM0000,,\n');
      const imported = await runScript('scripts/providers-import.ts', [csv], env);
      expect(imported.out).to.include('Aangemaakt: 1');
      expect(imported.out).to.include('regel 3 (Kapot): onbekende gemeentecode(s): GM0000');
      const search = await (await fetch(`${first.url}/api/providers?q=cli`)).json();
      expect(search.map((p: { name: string }) => p.name)).to.deep.equal(['CLI Aanbieder']);

      expect(first.output()).to.not.include(receipt);
    } finally {
      expect(await first.stop()).to.equal(0);
    }

    // A second process must not open the same folder while the first holds it; after a stop it can.
    const second = await startServer(env);
    try {
      const view = await fetch(`${second.url}/api/receipts/${encodeURIComponent(receipt)}`);
      expect(view.status).to.equal(200);
      expect((await view.json()).text).to.equal('Dit verhaal moet blijven.');
      const clash = await runScript('server.ts', [], { ...env, PORT: '0' });
      expect(clash.code).to.equal(1);
      expect(clash.out).to.include('al open in een ander proces');
    } finally {
      await second.stop();
    }

    // With the app stopped, the CLI opens the embedded database itself.
    const demo = await runScript('scripts/demo.ts', [], env);
    expect(demo.code, demo.out).to.equal(0);
    expect(demo.out).to.include('Voorbeelddata klaar');
  });

  it('refuses to start with a clear message when the configuration is wrong', async () => {
    const bad = await runScript('server.ts', [], { DATA_DIR: dataDir, PORT: 'abc', DATABASE_URL: 'mysql://nope' });
    expect(bad.code).to.equal(1);
    expect(bad.out).to.include('Configuratie klopt niet');
    expect(bad.out).to.include('PORT: moet een getal zijn');
    const web = await runScript('server.ts', ['--web'], { DATA_DIR: dataDir });
    expect(web.code).to.equal(1);
    expect(web.out).to.include('DATABASE_URL');
  });
});
