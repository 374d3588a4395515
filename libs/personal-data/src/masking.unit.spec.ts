import fc from 'fast-check';
import { maskIdNumber, maskName, maskPhone } from './masking';

const digitsOf = (value: string): string => value.replace(/\D/g, '');
const starsOf = (value: string): number => Array.from(value).filter((unit) => unit === '*').length;

describe('maskName', () => {
  it.each([
    ['陈小明', '陈**'],
    ['陈', '陈**'],
    ['欧阳娜娜', '欧**'],
    ['  王五 ', '王**'],
    ['𠀋小明', '𠀋**'],
    ['', ''],
    ['   ', ''],
  ])('%j → %j', (name, expected) => expect(maskName(name)).toBe(expected));

  it('shows only the first code point and never reveals the length', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', minLength: 1 }).filter((name) => name.trim() !== ''),
        (name) => {
          const maskedName = maskName(name);
          expect(Array.from(maskedName)).toEqual([Array.from(name.trim())[0], '*', '*']);
        },
      ),
    );
  });
});

describe('maskPhone', () => {
  it.each([
    ['13800000000', '138****0000'],
    ['138 0000 0000', '138 **** 0000'],
    ['+8613800000000', '+86138****0000'],
    ['+86 138-0000-0000', '+86 138-****-0000'],
    ['008613800000000', '0086138****0000'],
    ['400-000-0000', '400-***-0000'],
    ['(024) 1234 5678', '(024) **** 5678'],
    ['62345678', '62***678'],
    ['12345', '1**45'],
    ['110', '**0'],
    ['1', '*'],
    ['', ''],
    ['call 陈 at 12345678901', '**** * ** 123****8901'],
  ])('%j → %j', (phone, expected) => expect(maskPhone(phone)).toBe(expected));

  it('hides at least 30% of the national digits and shows at most 3 + 4', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\+?[0-9 ()-]{0,24}$/), (phone) => {
        const maskedPhone = maskPhone(phone);
        expect(Array.from(maskedPhone)).toHaveLength(Array.from(phone.trim()).length);
        const national = digitsOf(phone.trim().replace(/^(?:\+|00)86(?=\D?\d)/, ''));
        const hidden = starsOf(maskedPhone);
        expect(hidden).toBeGreaterThanOrEqual(Math.ceil(national.length * 0.3));
        expect(national.length - hidden).toBeLessThanOrEqual(7);
      }),
    );
  });

  it('keeps every digit it shows in place', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,20}$/), (phone) => {
        Array.from(maskPhone(phone)).forEach((unit, index) => expect(unit === '*' || unit === phone[index]).toBe(true));
      }),
    );
  });
});

describe('maskIdNumber', () => {
  it.each([
    ['11010119900307123X', '110101********123X'],
    ['110101900307123', '11010*******123'],
    ['G12345678', 'G12****78'],
    ['𠀋𠀋𠀋𠀋', '𠀋**𠀋'],
    ['', ''],
  ])('%j → %j', (idNumber, expected) => expect(maskIdNumber(idNumber)).toBe(expected));

  it('keeps at most the first 6 and last 4, and hides at least 5/12 of any number', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme' }).filter((value) => !value.includes('*')),
        (idNumber) => {
          const units = Array.from(idNumber.trim());
          const maskedId = Array.from(maskIdNumber(idNumber));
          expect(maskedId).toHaveLength(units.length);
          const shown = maskedId.filter((unit) => unit !== '*').length;
          expect(shown).toBeLessThanOrEqual(Math.min(10, Math.floor((units.length * 7) / 12)));
        },
      ),
    );
  });
});
