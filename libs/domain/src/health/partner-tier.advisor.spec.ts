import type { PartnerFact } from '../attribution/attribution.types';
import { certificationCoverage, coverageAcross } from './certification-coverage.calculator';
import { suggestTier } from './partner-tier.advisor';

const day = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const AT = day('2026-06-01');
const certs = (kind: 'SALES' | 'TECHNICAL', count: number, expiresAt = day('2027-01-01')) =>
  Array.from({ length: count }, () => ({ kind, expiresAt }));
const partner = (
  sales: number,
  technical: number,
  competencies: string[] = [],
  extra: PartnerFact['certifications'] = [],
): PartnerFact => ({
  id: 'p1',
  competencies,
  certifications: [...certs('SALES', sales), ...certs('TECHNICAL', technical), ...extra],
});

describe('certification coverage counts only certifications unexpired at the date', () => {
  it.each([
    ['one of each', partner(1, 1), [1, 1, true]],
    ['sales only', partner(1, 0), [1, 0, false]],
    ['a technical one expiring exactly at the date no longer counts', partner(1, 0, [], certs('TECHNICAL', 1, AT)), [1, 0, false]],
    ['a technical one expiring the next day still counts', partner(1, 0, [], certs('TECHNICAL', 1, day('2026-06-02'))), [1, 1, true]],
  ])('%s', (_case, p, [sales, technical, covered]) => {
    const coverage = certificationCoverage(p, AT);
    expect([coverage.salesValid, coverage.technicalValid, coverage.covered]).toEqual([sales, technical, covered]);
  });

  it('names the next expiry and the share of covered partners', () => {
    const soon = partner(1, 0, [], certs('TECHNICAL', 1, day('2026-06-02')));
    expect(certificationCoverage(soon, AT).nextExpiry).toEqual(day('2026-06-02'));
    expect(coverageAcross([soon, partner(0, 1), partner(1, 1)], AT)).toEqual({ covered: 2, total: 3, coveredBps: 6667 });
  });
});

describe('tier suggestion from certifications, competencies and trailing PAR', () => {
  it.each([
    [
      'no certifications',
      partner(0, 0),
      0n,
      'REGISTERED',
      ['SELECT: 1 more valid sales certification(s)', 'SELECT: 1 more valid technical certification(s)'],
    ],
    [
      'one of each certification',
      partner(1, 1),
      0n,
      'SELECT',
      [
        'ADVANCED: 1 more valid sales certification(s)',
        'ADVANCED: 3 more valid technical certification(s)',
        'ADVANCED: 1 more competency(ies)',
        'ADVANCED: 250000.00 USD more trailing PAR',
      ],
    ],
    [
      'advanced certifications and competency but $200k PAR',
      partner(2, 4, ['SECURITY']),
      20_000_000n,
      'SELECT',
      ['ADVANCED: 50000.00 USD more trailing PAR'],
    ],
    [
      'advanced in full',
      partner(2, 4, ['SECURITY']),
      25_000_000n,
      'ADVANCED',
      [
        'PREMIER: 2 more valid sales certification(s)',
        'PREMIER: 6 more valid technical certification(s)',
        'PREMIER: 1 more competency(ies)',
        'PREMIER: 750000.00 USD more trailing PAR',
      ],
    ],
    ['premier in full', partner(4, 10, ['SECURITY', 'DATA']), 100_000_000n, 'PREMIER', []],
    [
      'premier PAR but certifications expired',
      partner(0, 0, ['SECURITY', 'DATA'], [...certs('SALES', 4, day('2026-05-01')), ...certs('TECHNICAL', 10, day('2026-05-01'))]),
      100_000_000n,
      'REGISTERED',
      ['SELECT: 1 more valid sales certification(s)', 'SELECT: 1 more valid technical certification(s)'],
    ],
  ])('%s -> %s', (_case, p, par, tier, missing) => {
    const suggestion = suggestTier(p, par, AT);
    expect(suggestion.tier).toBe(tier);
    expect(suggestion.missingForNext).toEqual(missing);
  });

  it('gives its reasons', () => {
    expect(suggestTier(partner(2, 4, ['SECURITY']), 30_000_000n, AT).reasons).toEqual([
      '2 valid sales and 4 valid technical certification(s) (needs 2 and 4)',
      '1 competency(ies) (needs 1)',
      'trailing PAR 300000.00 USD (needs 250000.00 USD)',
    ]);
  });
});
