import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  buildNameLexicon, DEFAULT_NAMES_DIR, loadNameLexicon, NAME_FILES,
} from '../../../../workers/pipelines/redaction/lexicon.ts';

const texts = {
  firstNames: 'Maria\t1869570\nSanne\t40000\nRoos\t14262\nZeldzaam\t7\nJo\n',
  surnames: 'de Jong\t83782\nJansen\t73533\nBakker\t60000\nZwaneveld\n',
  wordlike: 'Roos\t14262\n',
  places: "Utrecht\n's-Hertogenbosch\n",
  dictionary: '3\nbakker/Ca\nroos/Cb\nfiets/Za\nUtrecht/PN\n',
};

describe('redaction: name lexicon', () => {
  it('keeps first names with enough bearers and names without a count', () => {
    const lexicon = buildNameLexicon(texts, 20);
    expect([...lexicon.firstNames.keys()]).to.have.members(['maria', 'sanne', 'roos', 'jo']);
    expect(lexicon.firstNames.get('jo')).to.equal(Infinity);
  });

  it('lower-cases surnames with their particles and knows which are common', () => {
    const lexicon = buildNameLexicon(texts);
    expect(lexicon.surnames.has('de jong')).to.equal(true);
    expect(lexicon.commonSurnames.has('jansen')).to.equal(true);
    expect(lexicon.commonSurnames.has('zwaneveld')).to.equal(false);
  });

  it('keeps only the dictionary words that are also names', () => {
    expect([...buildNameLexicon(texts).dictionaryWords]).to.have.members(['bakker', 'roos']);
  });

  it('loads the lists from a folder given as argument', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'names-'));
    try {
      fs.writeFileSync(path.join(dir, NAME_FILES.firstNames), texts.firstNames);
      fs.writeFileSync(path.join(dir, NAME_FILES.surnames), texts.surnames);
      fs.writeFileSync(path.join(dir, NAME_FILES.wordlike), texts.wordlike);
      fs.writeFileSync(path.join(dir, NAME_FILES.places), texts.places);
      const lexicon = await loadNameLexicon(dir);
      expect(lexicon.firstNames.has('sanne')).to.equal(true);
      expect(lexicon.places.has("'s-hertogenbosch")).to.equal(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the shipped lists from the project, not from outside it', async () => {
    expect(path.relative(process.cwd(), DEFAULT_NAMES_DIR)).to.equal(path.join('reference', 'names'));
    const lexicon = await loadNameLexicon(DEFAULT_NAMES_DIR);
    expect(lexicon.firstNames.get('sanne')).to.be.greaterThan(1000);
    expect(lexicon.surnames.has('van der meer')).to.equal(true);
    expect(lexicon.wordlike.has('storm')).to.equal(true);
    expect(lexicon.places.has('utrecht')).to.equal(true);
  });
});
