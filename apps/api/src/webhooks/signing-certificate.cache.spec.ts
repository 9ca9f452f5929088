import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CertificateUnavailableError, SigningCertificateCache } from './signing-certificate.cache';

describe('SigningCertificateCache', () => {
  let server: Server;
  let origin: string;
  const requests: string[] = [];

  beforeAll(async () => {
    // A certificate host that has no certificates: every path is 404.
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.statusCode = 404;
      response.end('no such certificate');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));
  beforeEach(() => {
    requests.length = 0;
  });

  it('remembers a failed fetch for a minute: a flood naming a missing certificate fetches it once', async () => {
    const cache = new SigningCertificateCache();
    const url = `${origin}/missing.pem`;
    const now = Date.now();
    for (let i = 0; i < 20; i += 1) {
      await expect(cache.get(url, now + i * 1000)).rejects.toThrow(CertificateUnavailableError);
    }
    expect(requests).toEqual(['/missing.pem']);
    expect(cache.size).toBe(0);
    // A minute later the host is asked again: it may have come back.
    await expect(cache.get(url, now + 61_000)).rejects.toThrow('HTTP 404');
    expect(requests).toEqual(['/missing.pem', '/missing.pem']);
  });

  it('keeps the failures of many URLs within a bound, and they never cost a held certificate its place', async () => {
    const cache = new SigningCertificateCache();
    const now = Date.now();
    for (let i = 0; i < 100; i += 1) await expect(cache.get(`${origin}/bad-${i}.pem`, now)).rejects.toThrow(CertificateUnavailableError);
    expect(requests).toHaveLength(100);
    // The oldest failures were dropped (asked again); the newest are still remembered (not asked).
    await expect(cache.get(`${origin}/bad-0.pem`, now)).rejects.toThrow(CertificateUnavailableError);
    await expect(cache.get(`${origin}/bad-99.pem`, now)).rejects.toThrow(CertificateUnavailableError);
    expect(requests.slice(100)).toEqual(['/bad-0.pem']);
  });
});
