import { expect } from 'chai';
import request from 'supertest';
import { backendNames, testSystem } from '../helpers/backends.ts';
import { importProviders } from '../../services/provider-import.ts';
import type { System } from '../../system.ts';

const CSV = [
  'name,municipalities,regions,care_types',
  'Jeugdhulp Het Anker,GM0344,,45;54',
  '"Pleegzorg Noord, Oost en West",,JZ01;JZ02,35',
  'Landelijke Stichting Kompas,,,',
  ',GM0344,,',
  'Onbekende Gemeente BV,GM9999,,45',
  'Foute Regio,,JZ40,',
  'Jeugdhulp Het Anker,GM0363,,',
  'Te veel kolommen, met komma,GM0344,,',
].join('\n');

for (const backend of backendNames()) {
  describe(`Providers: import and search [${backend}]`, function () {
    let system: System;
    before(async () => { system = await testSystem(backend); });
    after(async () => system.database.close());

    it('imports valid rows, reports rejected rows with the reason, and is repeatable', async () => {
      const report = await importProviders(system.database.db, CSV);
      expect(report.created).to.equal(3);
      expect(report.rejected.map((r) => r.line)).to.deep.equal([5, 6, 7, 8, 9]);
      expect(report.rejected.find((r) => r.line === 6)!.reasons.join()).to.include('GM9999');
      expect(report.rejected.find((r) => r.line === 7)!.reasons.join()).to.include('JZ40');
      expect(report.rejected.find((r) => r.line === 8)!.reasons.join()).to.include('al eerder');
      const again = await importProviders(system.database.db, CSV);
      expect(again.created).to.equal(0);
      expect(again.updated).to.equal(3);
    });

    it('refuses a file with the wrong header', async () => {
      let message = '';
      try { await importProviders(system.database.db, 'naam,gemeenten\nA,GM0344'); } catch (err) { message = (err as Error).message; }
      expect(message).to.include('name,municipalities,regions,care_types');
    });

    it('finds providers by name and puts those serving the municipality first', async () => {
      const app = system.app!;
      const byName = await request(app).get('/api/providers?q=anker').expect(200);
      expect(byName.body).to.have.length(1);
      expect(byName.body[0]).to.have.all.keys('id', 'name');
      expect(byName.body[0].name).to.equal('Jeugdhulp Het Anker');

      // Groningen (GM0014) is in JZ01: the regional foster care and the national foundation serve it.
      const groningen = await request(app).get('/api/providers?municipality=GM0014').expect(200);
      expect(groningen.body.map((p: { name: string }) => p.name)).to.deep.equal(['Landelijke Stichting Kompas', 'Pleegzorg Noord, Oost en West']);

      const mixed = await request(app).get('/api/providers?q=e&municipality=GM0344').expect(200);
      expect(mixed.body[0].name).to.be.oneOf(['Jeugdhulp Het Anker', 'Landelijke Stichting Kompas']);
      expect(mixed.body.map((p: { name: string }) => p.name)).to.include('Pleegzorg Noord, Oost en West');

      const bad = await request(app).get('/api/providers?municipality=Utrecht').expect(422);
      expect(bad.body.error.fields.municipality).to.be.a('string');
      const wildcard = await request(app).get('/api/providers?q=%25').expect(200);
      expect(wildcard.body).to.have.length(0);
    });
  });
}
