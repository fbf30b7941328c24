import { expect } from 'chai';
import { detectBsns, detectEmails, detectIbans, detectPhones, detectUrls } from '../../../../workers/pipelines/redaction/structured.ts';
import type { Span } from '../../../../workers/pipelines/redaction/types.ts';

const texts = (text: string, detect: (t: string) => Span[]) => detect(text).map((s) => text.slice(s.start, s.end));

describe('redaction: structured personal data', () => {
  describe('phone', () => {
    it('finds Dutch mobile numbers in every common form', () => {
      for (const phone of ['06-12345678', '06 1234 5678', '06 12 34 56 78', '0612345678', '+31 6 12345678',
        '+31612345678', '+31 (0)6 12345678', '0031 6 12345678', '0031612345678', '(06) 23 45 67 89']) {
        expect(texts(`Bel me op ${phone}, graag.`, detectPhones), phone).to.deep.equal([phone]);
      }
    });

    it('finds landline numbers with two- and three-digit area codes', () => {
      for (const phone of ['020-1234567', '010 123 4567', '030 - 234 56 78', '0513 123456', '+31 20 123 4567']) {
        expect(texts(`Mijn nummer: ${phone}.`, detectPhones), phone).to.deep.equal([phone]);
      }
    });

    it('leaves service numbers, short numbers, dates and too-long digit runs alone', () => {
      expect(texts('Bel de Kindertelefoon op 0800-0432 of 0800 0432 of 112.', detectPhones)).to.deep.equal([]);
      expect(texts('Bel 0900 1234 567 voor informatie.', detectPhones)).to.deep.equal([]);
      expect(texts('Op 06-12-2010 14:30 was de zitting.', detectPhones)).to.deep.equal([]);
      expect(texts('Dossier 061234567890 is dicht.', detectPhones)).to.deep.equal([]);
    });
  });

  describe('email', () => {
    it('finds addresses with dots, plus signs and hyphens', () => {
      expect(texts('Mail sanne.jansen+jeugd@hot-mail.nl of m.devries@ziggo.nl.', detectEmails))
        .to.deep.equal(['sanne.jansen+jeugd@hot-mail.nl', 'm.devries@ziggo.nl']);
    });

    it('ignores an at sign without a domain', () => {
      expect(texts('Ik zit @ home en mijn insta is @sanne', detectEmails)).to.deep.equal([]);
    });
  });

  describe('url', () => {
    it('finds http(s), www and bare domains with a path, without trailing punctuation', () => {
      expect(texts('Kijk op https://example.org/a?b=1, www.gehoord.nl en instagram.com/sannetje_x.', detectUrls))
        .to.deep.equal(['https://example.org/a?b=1', 'www.gehoord.nl', 'instagram.com/sannetje_x']);
    });

    it('keeps an @ handle inside a link', () => {
      expect(texts('Mijn filmpje: https://www.tiktok.com/@jayden.x!', detectUrls)).to.deep.equal(['https://www.tiktok.com/@jayden.x']);
    });

    it('does not take sentence ends or decimals for domains', () => {
      expect(texts('Het was 3.5 uur. Daarna ging ik naar huis.nee', detectUrls)).to.deep.equal([]);
    });
  });

  describe('bsn', () => {
    it('finds numbers that pass the 11-test, plain, with spaces or dots, and with 8 digits', () => {
      expect(texts('BSN 123456782, ook 123 456 782 of 1234.56.782 en 12345672.', detectBsns))
        .to.deep.equal(['123456782', '123 456 782', '1234.56.782', '12345672']);
    });

    it('leaves 9-digit numbers that fail the 11-test', () => {
      expect(texts('Mijn zaaknummer is 123456789 en klantnummer 987654320.', detectBsns)).to.deep.equal([]);
    });

    it('leaves amounts, dates and parts of longer numbers', () => {
      expect(texts('Dat kostte € 123.456.782 en EUR 12345672.', detectBsns)).to.deep.equal([]);
      expect(texts('Op 12.03.2010 gebeurde het.', detectBsns)).to.deep.equal([]);
      expect(texts('Nummer 1234567823 is te lang.', detectBsns)).to.deep.equal([]);
    });
  });

  describe('iban', () => {
    it('finds Dutch and foreign IBANs, grouped, compact or in lower case', () => {
      expect(texts('Op NL91 ABNA 0417 1643 00 of nl91abna0417164300 of DE89370400440532013000 graag.', detectIbans))
        .to.deep.equal(['NL91 ABNA 0417 1643 00', 'nl91abna0417164300', 'DE89370400440532013000']);
    });

    it('stops at the end of the IBAN even when words follow', () => {
      expect(texts('Rekening NL91ABNA0417164300 en dan nog iets', detectIbans)).to.deep.equal(['NL91ABNA0417164300']);
    });

    it('leaves look-alikes that fail mod-97', () => {
      expect(texts('Code NL92ABNA0417164300 klopt niet.', detectIbans)).to.deep.equal([]);
    });
  });
});
