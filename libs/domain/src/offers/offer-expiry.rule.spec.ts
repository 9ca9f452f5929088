import { shownOfferState } from './offer-expiry.rule';

describe('an offer past its expiry', () => {
  const now = new Date('2026-12-02T00:00:00Z');
  const past = new Date('2026-12-01T23:59:59Z');

  it('is shown expired once published and past its expiry', () => {
    expect(shownOfferState('PUBLISHED', past, now)).toBe('EXPIRED');
    expect(shownOfferState('PUBLISHING', now, now)).toBe('EXPIRED');
    expect(shownOfferState('PUBLISHED', new Date('2026-12-02T00:00:01Z'), now)).toBe('PUBLISHED');
  });

  it('stays accepted, or a draft, whatever the date', () => {
    expect(shownOfferState('ACCEPTED', past, now)).toBe('ACCEPTED');
    expect(shownOfferState('DRAFT', past, now)).toBe('DRAFT');
    expect(shownOfferState('PUBLISHED', null, now)).toBe('PUBLISHED');
  });
});
