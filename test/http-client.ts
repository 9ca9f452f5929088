/** Small JSON-over-HTTP helpers for end-to-end tests (real HTTP, global fetch). */
export interface JsonAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  method: string,
  url: string,
  options: { body?: unknown; rawBody?: string; key?: string; headers?: Record<string, string> } = {},
): Promise<JsonAnswer<T>> {
  const response = await fetch(url, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
      ...options.headers,
    },
    body: options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body)),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}
