import { ApiError } from '../http/api-error';
import { partnerScopeOf, principalOfKey, type Principal } from './principal';

const PARTNER = '6f1c8a52-0d5e-4c1b-9a57-3f0a4e2b9c11';
const key = (role: Principal['role'], partnerId: string | null) => ({ id: 'k1', name: 'a key', prefix: 'mpb_abcd', role, partnerId });

describe('principal and partner scope', () => {
  it('scopes a PARTNER key to its partner and staff keys to everything', () => {
    expect(partnerScopeOf(principalOfKey(key('PARTNER', PARTNER)))).toBe(PARTNER);
    for (const staff of ['ADMIN', 'ALLIANCE', 'FINANCE', 'READ_ONLY'] as const)
      expect(partnerScopeOf(principalOfKey(key(staff, null)))).toBeNull();
    expect(principalOfKey(key('FINANCE', null)).actor).toBe('api-key:mpb_abcd…(a key)');
  });

  it('refuses a PARTNER key without a partner (403) rather than letting it see every partner', () => {
    const refusal = (() => {
      try {
        principalOfKey(key('PARTNER', null));
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ApiError);
    expect((refusal as ApiError).getStatus()).toBe(403);
    expect((refusal as ApiError).getResponse()).toMatchObject({
      details: [{ field: 'Authorization', reason: expect.stringMatching(/must name its partner/) }],
    });
  });

  it('never answers "all partners" for a PARTNER principal, however it was made', () => {
    const unscoped = { keyId: 'k1', actor: 'x', role: 'PARTNER', partnerId: null } as unknown as Principal;
    expect(() => partnerScopeOf(unscoped)).toThrow(ApiError);
    expect(() => partnerScopeOf({ ...unscoped, partnerId: '' } as Principal)).toThrow(/names no partner/);
  });
});
