/** JSON over HTTP to the product's API and the marketplace sandbox, as any client of the product would. */
export class DemoClient {
  constructor(
    readonly apiUrl: string,
    readonly sandboxUrl: string,
    private readonly key: string,
  ) {}

  api<T = Record<string, unknown>>(method: string, route: string, body?: unknown, key = this.key): Promise<T> {
    return this.send<T>(method, `${this.apiUrl}${route}`, body, { authorization: `Bearer ${key}` });
  }

  /** A file as the request body (proof attached to an MDF claim). */
  upload<T = Record<string, unknown>>(route: string, contentType: string, content: Buffer, key = this.key): Promise<T> {
    return this.send<T>('POST', `${this.apiUrl}${route}`, content, { authorization: `Bearer ${key}`, 'content-type': contentType });
  }

  sandbox<T = Record<string, unknown>>(method: string, route: string, body?: unknown): Promise<T> {
    return this.send<T>(method, `${this.sandboxUrl}${route}`, body, {});
  }

  /** Polls until `check` returns something truthy: effects that arrive through the queues. */
  async until<T>(what: string, check: () => Promise<T | null | undefined | false>, timeoutMs = 60_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check().catch(() => null);
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  private async send<T>(method: string, url: string, body: unknown, headers: Record<string, string>): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${url} answered ${response.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
}
