import { replacedAgreementProblems, replacementTimingProblems } from './replacement-offer.rules';

describe('replacement offer rules', () => {
  it('replaces a running AWS agreement', () => {
    expect(replacedAgreementProblems({ cloud: 'AWS', status: 'ACTIVE' })).toEqual([]);
  });

  it('refuses an agreement that has ended, or one on another marketplace, naming the agreement', () => {
    expect(replacedAgreementProblems({ cloud: 'AWS', status: 'REPLACED' })).toEqual([
      { field: 'agreementId', reason: expect.stringMatching(/replaced, not active/) },
    ]);
    expect(replacedAgreementProblems({ cloud: 'AZURE', status: 'ACTIVE' })).toEqual([
      { field: 'agreementId', reason: expect.stringMatching(/AWS Marketplace.*AZURE/) },
    ]);
  });

  it('wants the new agreement to end after the last day the buyer can accept the offer', () => {
    const expiresAt = new Date('2027-06-30T12:00:00Z');
    expect(replacementTimingProblems({ agreementEndDate: '2028-06-30', expiresAt })).toEqual([]);
    expect(replacementTimingProblems({ agreementEndDate: '2027-06-30', expiresAt })).toEqual([
      { field: 'agreementEndDate', reason: expect.stringMatching(/after the offer expires \(2027-06-30\)/) },
    ]);
  });
});
