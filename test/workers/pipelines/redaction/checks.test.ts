import { expect } from 'chai';
import { isValidIban, passesElfproef } from '../../../../workers/pipelines/redaction/checks.ts';

describe('redaction checks', () => {
  describe('passesElfproef (11-test)', () => {
    it('accepts a number whose weighted sum is divisible by 11', () => {
      // 9*1 + 8*2 + 7*3 + 6*4 + 5*5 + 4*6 + 3*7 + 2*8 - 1*2 = 154 = 14 * 11
      expect(passesElfproef('123456782')).to.equal(true);
    });

    it('rejects a number one digit off', () => {
      expect(passesElfproef('123456789')).to.equal(false);
      expect(passesElfproef('123456783')).to.equal(false);
    });

    it('accepts an 8-digit number as a 9-digit one with a leading zero', () => {
      // 0*9 + 1*8 + 2*7 + 3*6 + 4*5 + 5*4 + 6*3 + 7*2 - 2 = 110 = 10 * 11
      expect(passesElfproef('012345672')).to.equal(true);
      expect(passesElfproef('12345672')).to.equal(true);
      expect(passesElfproef('12345673')).to.equal(false);
    });

    it('rejects all zeros, other lengths and non-digits', () => {
      expect(passesElfproef('000000000')).to.equal(false);
      expect(passesElfproef('1234567')).to.equal(false);
      expect(passesElfproef('1234567820')).to.equal(false);
      expect(passesElfproef('12345678a')).to.equal(false);
    });
  });

  describe('isValidIban (mod-97)', () => {
    it('accepts valid IBANs from several countries, with or without spaces and in lower case', () => {
      expect(isValidIban('NL91ABNA0417164300')).to.equal(true);
      expect(isValidIban('NL91 ABNA 0417 1643 00')).to.equal(true);
      expect(isValidIban('nl91abna0417164300')).to.equal(true);
      expect(isValidIban('DE89370400440532013000')).to.equal(true);
      expect(isValidIban('BE68539007547034')).to.equal(true);
      expect(isValidIban('GB82WEST12345698765432')).to.equal(true);
    });

    it('rejects wrong check digits, a wrong length for the country and junk', () => {
      expect(isValidIban('NL92ABNA0417164300')).to.equal(false);
      expect(isValidIban('NL91ABNA041716430')).to.equal(false);
      expect(isValidIban('NL91ABNA04171643001')).to.equal(false);
      expect(isValidIban('hallo daar')).to.equal(false);
    });
  });
});
