import { azureTermsCharged } from './azure-term.rule';

const at = (iso: string) => new Date(iso);

describe('azureTermsCharged', () => {
  it('counts the first term as one, with Azure’s end a day short of the next start', () => {
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2026-12-01T00:00:00Z'), 'P1M')).toBe(1);
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2027-11-01T00:00:00Z'), 'P1Y')).toBe(1);
  });

  it('grows by one with each renewal of the term', () => {
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'P1M')).toBe(2);
    expect(azureTermsCharged(at('2026-11-02T09:00:00Z'), at('2027-02-02T09:00:00Z'), 'P1M')).toBe(3);
    expect(azureTermsCharged(at('2026-01-15T00:00:00Z'), at('2028-01-14T00:00:00Z'), 'P1Y')).toBe(2);
    expect(azureTermsCharged(at('2026-01-15T00:00:00Z'), at('2032-01-14T00:00:00Z'), 'P3Y')).toBe(2);
  });

  it('counts one term when the dates or the term are unknown or inconsistent', () => {
    expect(azureTermsCharged(null, at('2027-01-01T00:00:00Z'), 'P1M')).toBe(1);
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), null, 'P1M')).toBe(1);
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'monthly')).toBe(1);
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2026-10-01T00:00:00Z'), 'P1M')).toBe(1);
    expect(azureTermsCharged(at('2026-11-02T00:00:00Z'), at('2027-01-01T00:00:00Z'), 'P0M')).toBe(1);
  });
});
