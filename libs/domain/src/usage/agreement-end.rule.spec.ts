import { agreementEndsMeteredUsage } from './agreement-end.rule';

describe('agreementEndsMeteredUsage', () => {
  it.each(['CANCELLED', 'EXPIRED', 'TERMINATED', 'ROLLED_BACK', 'ARCHIVED'])('%s ends usage', (status) => {
    expect(agreementEndsMeteredUsage(status)).toBe(true);
  });

  it.each(['ACTIVE', 'RENEWED', 'REPLACED', 'SUPERSEDED', 'UNKNOWN'])('%s does not: usage goes on, or under a successor', (status) => {
    expect(agreementEndsMeteredUsage(status)).toBe(false);
  });
});
