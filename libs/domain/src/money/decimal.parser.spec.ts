import { parseDecimalToMinor } from './decimal.parser';
import { formatMinor } from './minor.formatter';

describe('parseDecimalToMinor: a decimal string becomes exact minor units', () => {
  it.each([
    ['12000.50', 'USD', 1_200_050n],
    ['12000.5', 'USD', 1_200_050n],
    ['12000', 'USD', 1_200_000n],
    ['0.01', 'USD', 1n],
    ['-0.05', 'USD', -5n],
    ['+3.10', 'EUR', 310n],
    ['1200', 'JPY', 1200n],
    ['1.234', 'KWD', 1234n],
    ['1.5', 'BHD', 1500n],
    ['1.0000', 'USD', 100n], // trailing zeros lose nothing, so they are accepted
    ['90071992547409.93', 'USD', 9_007_199_254_740_993n], // beyond float precision, still exact
  ])('%s %s -> %p', (text, currency, expected) => {
    expect(parseDecimalToMinor(text, currency)).toBe(expected);
  });

  it.each([
    ['1.005', 'USD'],
    ['1.5', 'JPY'],
    ['1.2345', 'KWD'],
  ])('refuses %s %s: more decimals than the currency has', (text, currency) => {
    expect(() => parseDecimalToMinor(text, currency)).toThrow(/pass a rounding mode/);
  });

  it.each([
    // half-even: exact halves go to the even neighbour, everything else to the nearest
    ['1.005', 'HALF_EVEN', 100n],
    ['1.015', 'HALF_EVEN', 102n],
    ['1.0051', 'HALF_EVEN', 101n],
    ['-1.005', 'HALF_EVEN', -100n],
    ['-1.015', 'HALF_EVEN', -102n],
    ['1.005', 'HALF_UP', 101n],
    ['1.009', 'DOWN', 100n],
  ] as const)('rounds %s USD with %s to %p', (text, mode, expected) => {
    expect(parseDecimalToMinor(text, 'USD', mode)).toBe(expected);
  });

  it.each(['1,000.00', '1e3', ' 12', '12.', '.5', '', 'abc', '--1'])('refuses "%s": not a plain decimal', (text) => {
    expect(() => parseDecimalToMinor(text, 'USD')).toThrow(SyntaxError);
  });

  it('refuses an unknown currency instead of guessing its decimals', () => {
    expect(() => parseDecimalToMinor('1.00', 'USS')).toThrow(/unknown ISO 4217 currency "USS"/);
  });
});

describe('formatMinor: minor units back to a decimal string', () => {
  it.each([
    [1_200_050n, 'USD', {}, '12000.50'],
    [5n, 'USD', {}, '0.05'],
    [-5n, 'USD', {}, '-0.05'],
    [0n, 'USD', {}, '0.00'],
    [1200n, 'JPY', {}, '1200'],
    [1234n, 'KWD', {}, '1.234'],
    [-123_456_789n, 'USD', { grouped: true, withCode: true }, '-1,234,567.89 USD'],
    [100_000n, 'USD', { grouped: true }, '1,000.00'],
  ])('%p %s %o -> %s', (minor, currency, options, expected) => {
    expect(formatMinor(minor, currency, options)).toBe(expected);
  });

  it.each([
    ['12000.50', 'USD'],
    ['-0.07', 'EUR'],
    ['7', 'JPY'],
    ['0.001', 'BHD'],
  ])('round-trips %s %s', (text, currency) => {
    expect(formatMinor(parseDecimalToMinor(text, currency), currency)).toBe(text);
  });
});
