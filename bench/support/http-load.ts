/** A closed-loop HTTP load: `clients` loops, each sending its next request as soon as the last one's body is read. */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  p50Ms: number;
  p95Ms: number;
  perSecond: number;
}

export async function runLoad(
  request: (n: number) => { url: string; headers: Record<string, string> },
  options: { clients: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  await Promise.all(
    Array.from({ length: options.clients }, async () => {
      while (performance.now() < deadline) {
        const { url, headers } = request(sent++);
        const at = performance.now();
        try {
          const response = await fetch(url, { headers });
          await response.arrayBuffer();
          if (response.status !== 200) {
            errors += 1;
            firstError ??= `${url}: ${response.status}`;
          }
        } catch (error) {
          errors += 1;
          firstError ??= `${url}: ${(error as Error).message}`;
        }
        latencies.push(performance.now() - at);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return {
    requests: latencies.length,
    errors,
    firstError,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    perSecond: round(latencies.length / elapsed),
  };
}

const round = (n: number) => Math.round(n * 10) / 10;
