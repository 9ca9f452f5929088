import { isMeterableLicenceArn, licenceKey, meterableLicenceArn } from './licence-key.rule';

describe('licenceKey', () => {
  it('gives the same key to the ResolveCustomer ARN and the licence events’ spelling of one licence', () => {
    const resolved = 'arn:aws:license-manager::777788889999:license:l-bridgetest0000000000000000000001';
    const fromEvent = 'aws:license-manager:us-east-1:777788889999:l-bridgetest0000000000000000000001';
    expect(licenceKey(resolved)).toBe('l-bridgetest0000000000000000000001');
    expect(licenceKey(fromEvent)).toBe(licenceKey(resolved));
  });

  it('keeps a string with no licence id whole, so two different ones never collide', () => {
    expect(licenceKey('legacy-licence')).toBe('legacy-licence');
    expect(licenceKey('arn:aws:license-manager::1:license:l-a')).not.toBe(licenceKey('arn:aws:license-manager::1:license:l-b'));
  });

  it('knows which spelling the Metering API takes', () => {
    expect(isMeterableLicenceArn('arn:aws:license-manager::777788889999:license:l-1')).toBe(true);
    expect(isMeterableLicenceArn('aws:license-manager:us-east-1:777788889999:l-1')).toBe(false);
  });
});

describe('meterableLicenceArn', () => {
  it('writes the licence events’ spelling in the ARN form ResolveCustomer answers', () => {
    expect(meterableLicenceArn('aws:license-manager:us-east-1:777788889999:l-bridgetest0000000000000000000001')).toBe(
      'arn:aws:license-manager::777788889999:license:l-bridgetest0000000000000000000001',
    );
  });

  it('leaves an ARN, or anything it does not recognise, as it came', () => {
    const arn = 'arn:aws:license-manager::777788889999:license:l-1';
    expect(meterableLicenceArn(arn)).toBe(arn);
    expect(meterableLicenceArn('aws:license-manager:us-east-1:not-an-account:l-1')).toBe(
      'aws:license-manager:us-east-1:not-an-account:l-1',
    );
  });
});
