import {
  isAllowedTopicArn,
  isTrustedCertificateUrl,
  isTrustedSubscribeUrl,
  snsCanonicalString,
  snsTimestampProblem,
} from './sns-trust.rules';

const cloud = { sandboxOrigin: null };
const sandbox = { sandboxOrigin: 'http://127.0.0.1:4580' };

describe('SNS trust rules', () => {
  it('builds the canonical string of a Notification in SNS order, Subject only when present', () => {
    const base = {
      Type: 'Notification' as const,
      MessageId: 'm1',
      TopicArn: 'arn:t',
      Message: '{"a":1}',
      Timestamp: '2026-01-01T00:00:00.000Z',
      Signature: 'x',
    };
    expect(snsCanonicalString(base)).toBe(
      'Message\n{"a":1}\nMessageId\nm1\nTimestamp\n2026-01-01T00:00:00.000Z\nTopicArn\narn:t\nType\nNotification\n',
    );
    expect(snsCanonicalString({ ...base, Subject: 'hi' })).toContain('MessageId\nm1\nSubject\nhi\nTimestamp\n');
  });

  it('signs SubscribeURL and Token in a SubscriptionConfirmation', () => {
    const text = snsCanonicalString({
      Type: 'SubscriptionConfirmation',
      MessageId: 'm',
      TopicArn: 't',
      Message: 'c',
      Timestamp: 'ts',
      SubscribeURL: 'u',
      Token: 'k',
    });
    expect(text).toBe('Message\nc\nMessageId\nm\nSubscribeURL\nu\nTimestamp\nts\nToken\nk\nTopicArn\nt\nType\nSubscriptionConfirmation\n');
  });

  it('accepts certificates only over HTTPS from sns.<region>.amazonaws.com with a .pem path', () => {
    expect(isTrustedCertificateUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem', cloud)).toBe(true);
    expect(isTrustedCertificateUrl('https://sns.us-gov-west-1.amazonaws.com/x.pem', cloud)).toBe(true);
    expect(isTrustedCertificateUrl('https://sns.cn-north-1.amazonaws.com.cn/x.pem', cloud)).toBe(true);
    for (const bad of [
      'http://sns.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com/x.txt',
      'https://sns.us-east-1.amazonaws.com.evil.example/x.pem',
      'https://evil.example/sns.us-east-1.amazonaws.com/x.pem',
      'https://s3.us-east-1.amazonaws.com/x.pem',
      'https://sns.us-east-1.amazonaws.com:8443/x.pem',
      'https://user@sns.us-east-1.amazonaws.com/x.pem',
      'not a url',
      'http://127.0.0.1:4580/_sandbox/sns/cert.pem',
    ]) {
      expect([bad, isTrustedCertificateUrl(bad, cloud)]).toEqual([bad, false]);
    }
  });

  it('accepts the sandbox’s certificate only when the sandbox is trusted, and only its own path', () => {
    expect(isTrustedCertificateUrl('http://127.0.0.1:4580/_sandbox/sns/cert.pem', sandbox)).toBe(true);
    expect(isTrustedCertificateUrl('http://127.0.0.1:4581/_sandbox/sns/cert.pem', sandbox)).toBe(false);
    expect(isTrustedCertificateUrl('http://127.0.0.1:4580/other/cert.pem', sandbox)).toBe(false);
  });

  it('fetches SubscribeURLs only on SNS hosts (or the trusted sandbox)', () => {
    expect(isTrustedSubscribeUrl('https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=x', cloud)).toBe(true);
    expect(isTrustedSubscribeUrl('https://attacker.example/?Action=ConfirmSubscription', cloud)).toBe(false);
    expect(isTrustedSubscribeUrl('http://169.254.169.254/latest/meta-data', cloud)).toBe(false);
    expect(isTrustedSubscribeUrl('http://127.0.0.1:4580/confirm', sandbox)).toBe(true);
    expect(isTrustedSubscribeUrl('http://127.0.0.1:4580/confirm', cloud)).toBe(false);
  });

  it('matches TopicArns against the allow-list, * matching any run of characters and nothing else special', () => {
    const patterns = ['arn:aws:sns:*:287250355862:aws-mp-*'];
    expect(isAllowedTopicArn('arn:aws:sns:us-east-1:287250355862:aws-mp-subscription-notification-abc', patterns)).toBe(true);
    expect(isAllowedTopicArn('arn:aws:sns:us-east-1:999999999999:aws-mp-subscription-notification-abc', patterns)).toBe(false);
    expect(isAllowedTopicArn('arn:aws:sns:us-east-1:287250355862:other', patterns)).toBe(false);
    expect(isAllowedTopicArn('anything', ['*'])).toBe(true);
    expect(isAllowedTopicArn('arnXaws', ['arn.aws'])).toBe(false);
  });

  it('refuses a message signed longer ago than the window (or as far ahead), naming its age', () => {
    const now = Date.parse('2026-06-01T12:00:00.000Z');
    const hour = 3600;
    expect(snsTimestampProblem('2026-06-01T11:00:00.000Z', now, hour)).toBeNull();
    expect(snsTimestampProblem('2026-06-01T12:59:59.000Z', now, hour)).toBeNull();
    expect(snsTimestampProblem('2026-06-01T10:59:59.000Z', now, hour)).toBe(
      'the message was signed 3601 s ago; messages older than 1 h are refused as replays',
    );
    expect(snsTimestampProblem('2026-05-01T12:00:00.000Z', now, hour)).toBe(
      'the message was signed 744 h ago; messages older than 1 h are refused as replays',
    );
    expect(snsTimestampProblem('2026-06-01T14:00:00.000Z', now, hour)).toBe(
      'the message is dated 2 h in the future; more than 1 h is refused',
    );
    expect(snsTimestampProblem('2026-06-01T11:50:00.000Z', now, 300)).toBe(
      'the message was signed 10 min ago; messages older than 5 min are refused as replays',
    );
    expect(snsTimestampProblem('yesterday', now, hour)).toBe('is not a date');
  });
});
