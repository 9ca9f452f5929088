import { request } from 'node:https';

/**
 * A client-credentials token from the sandbox's Entra stand-in, asked for as
 * a publisher's backend does (Microsoft identity platform v2.0 token
 * endpoint, form body), over HTTPS trusting the sandbox's own certificate.
 */
export async function entraToken(
  sandboxUrl: string,
  entraPort: number,
  form: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const body = new URLSearchParams({
    grant_type: 'client_credentials',
    client_id: 'publisher-app',
    client_secret: 'publisher-secret',
    scope: '20e940b3-4c77-4b0b-9a53-9e16a1b010a7/.default',
    ...form,
  }).toString();
  return sandboxHttps(sandboxUrl, entraPort, {
    method: 'POST',
    path: '/00000000-0000-4000-8000-00000000a2e1/oauth2/v2.0/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
}

/** A request to the sandbox's HTTPS port (Entra's and Resource Manager's stand-ins), trusting its certificate; the answer as JSON. */
export async function sandboxHttps(
  sandboxUrl: string,
  port: number,
  call: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { certificatePem } = (await (await fetch(`${sandboxUrl}/_sandbox/azure/entra/certificate`)).json()) as { certificatePem: string };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: call.path,
        method: call.method,
        ca: certificatePem,
        headers: { ...call.headers, ...(call.body === undefined ? {} : { 'content-length': Buffer.byteLength(call.body) }) },
      },
      (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
      },
    );
    req.on('error', reject);
    req.end(call.body);
  });
}
