import { changeSetIdFromName, changeSetName, createdEntityId, describeProblems, problemsOf } from './change-set-outcome';

describe('change-set outcomes told in words', () => {
  const failed = {
    changeSetId: 'cs-1',
    status: 'FAILED' as const,
    failureCode: 'CLIENT_ERROR',
    failureDescription: 'see ErrorDetailList',
    changes: [
      { changeType: 'CreateOffer', changeName: 'CreateOffer', entityId: 'offer-abc', errors: [] },
      {
        changeType: 'UpdatePricingTerms',
        changeName: null,
        entityId: 'offer-abc',
        errors: [{ code: 'INVALID_DIMENSION', message: 'Dimension gpu is not defined on the product' }],
      },
    ],
  };

  it('names the step and the draft field of each refused change', () => {
    const problems = problemsOf(failed);
    expect(problems).toEqual([
      {
        changeType: 'UpdatePricingTerms',
        field: 'prices',
        code: 'INVALID_DIMENSION',
        message: 'Dimension gpu is not defined on the product',
      },
    ]);
    expect(describeProblems(problems)).toBe('Setting the prices failed: Dimension gpu is not defined on the product (INVALID_DIMENSION).');
  });

  it('explains a failure without per-change errors by its failure code', () => {
    const problems = problemsOf({ ...failed, failureCode: 'SERVER_FAULT', changes: [] });
    expect(problems[0]).toMatchObject({ code: 'SERVER_FAULT', message: expect.stringMatching(/sent again/) });
  });

  it('finds the entity the Create change made', () => {
    expect(createdEntityId(failed)).toBe('offer-abc');
    expect(createdEntityId({ ...failed, changes: [failed.changes[1]] })).toBeNull();
  });

  it('carries our id in the change set name and reads it back', () => {
    const id = '3f1c2a9e-8b7d-4c6e-9f00-1a2b3c4d5e6f';
    const name = changeSetName('OFFER_PUBLISH', id);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name).toMatch(/^[\w\s+=.:@-]+$/);
    expect(changeSetIdFromName(name)).toBe(id);
    expect(changeSetIdFromName('something else')).toBeNull();
  });
});
