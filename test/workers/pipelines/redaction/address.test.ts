import { expect } from 'chai';
import { detectPostcodeAddresses, detectStreetAddresses } from '../../../../workers/pipelines/redaction/address.ts';
import type { Span } from '../../../../workers/pipelines/redaction/types.ts';

const texts = (text: string, detect: (t: string) => Span[]) => detect(text).map((s) => text.slice(s.start, s.end));

describe('redaction: addresses', () => {
  describe('street_address', () => {
    it('finds a street with a house number for the common street types', () => {
      for (const street of ['Kerkstraat 12', 'Stationsweg 3', 'Beukenlaan 45a', 'Marktplein 1', 'Herengracht 502',
        'Wilhelminakade 9', 'Oranjesingel 7', 'Zeedijk 14', 'Rozenhof 3', 'Kerkpad 2', 'Achtersteeg 5',
        'Lindedreef 8', 'Vondelpark 3', 'Dorpsweg 3-II', 'Hoofdstraat 45 bis', 'Kerkstraat nr. 12']) {
        expect(texts(`Ik woon aan de ${street} sinds vorig jaar.`, detectStreetAddresses), street).to.deep.equal([street]);
      }
    });

    it('keeps the words that belong to the street name, not the words before it', () => {
      expect(texts('Ons adres is Burg. de Withstraat 4 in Zeist.', detectStreetAddresses)).to.deep.equal(['Burg. de Withstraat 4']);
      expect(texts('Ze woont op de Van Goghstraat 17.', detectStreetAddresses)).to.deep.equal(['Van Goghstraat 17']);
      expect(texts('Hij woonde op de Oude Gracht 77.', detectStreetAddresses)).to.deep.equal(['Oude Gracht 77']);
      expect(texts('Oma woont aan de Laan van Meerdervoort 50.', detectStreetAddresses)).to.deep.equal(['Laan van Meerdervoort 50']);
      expect(texts('mijn moeder woont op de prins hendrikkade 9', detectStreetAddresses)).to.deep.equal(['prins hendrikkade 9']);
    });

    it('takes capitalised words and a number after a word about living there', () => {
      expect(texts('Ik woon op Lange Voorhout 5 met mijn moeder.', detectStreetAddresses)).to.deep.equal(['Lange Voorhout 5']);
    });

    it('needs a house number, and a number of days is no house number', () => {
      expect(texts('Ik woon in de Kerkstraat, op de Marnixstraat is het druk.', detectStreetAddresses)).to.deep.equal([]);
      expect(texts('Ik liep over de snelweg 3 keer per week, op het fietspad 2 dagen.', detectStreetAddresses)).to.deep.equal([]);
      expect(texts('Ik woon al 3 jaar in Utrecht 2 jaar lang.', detectStreetAddresses)).to.deep.equal([]);
    });
  });

  describe('postcode_address', () => {
    it('takes the house number that follows the postcode along', () => {
      for (const address of ['1234 AB 12', '1234AB, nr 5', '6821 BD, huisnummer 31', '5611AZ-3']) {
        expect(texts(`Stuur het naar ${address} alstublieft.`, detectPostcodeAddresses), address).to.deep.equal([address]);
      }
    });

    it('marks only the postcode when the house number stands before it with the street', () => {
      expect(texts('Zonnebloemweg 21, 3431 AB Nieuwegein', detectPostcodeAddresses)).to.deep.equal(['3431 AB']);
    });

    it('leaves a postcode without a house number, and years followed by a word', () => {
      expect(texts('Onze postcode is 3511 AB, meer zeg ik niet.', detectPostcodeAddresses)).to.deep.equal([]);
      expect(texts('In 2010 en 2011 ging het slecht.', detectPostcodeAddresses)).to.deep.equal([]);
    });
  });
});
