import http from 'node:http';

/**
 * A closed-loop HTTP load: `clients` loops, each sending its next request as
 * soon as the last one's body is read. It runs in the benchmark's own process,
 * on the same cores as the API and PostgreSQL it measures, so it is kept
 * cheap: node:http with one keep-alive socket per client (an Agent of one
 * socket each, so no client waits on another's connection), and the body read
 * as the Buffers the socket delivers, never decoded.
 */
export interface LoadResult {
  requests: number;
  errors: number;
  firstError: string | null;
  p50Ms: number;
  p95Ms: number;
  perSecond: number;
  /** This process's own CPU (user + system) per request, ms: what the load took from the cores the API and PostgreSQL run on. */
  clientCpuMs: number;
  /** Lines per response body, on average (a CSV export's rows): what tells an answer that grows with the data from a page that does not. */
  linesPerResponse: number;
  /** Every request's latency (ms, ascending) and the load's length, CPU and lines read: what combineLoads pools slices by. */
  latencies: number[];
  seconds: number;
  clientCpuTotalMs: number;
  lines: number;
}

export async function runLoad(
  request: (n: number) => { url: string; headers: Record<string, string> },
  options: { clients: number; seconds: number },
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | null = null;
  let sent = 0;
  let lines = 0;
  const agents = Array.from({ length: options.clients }, () => new http.Agent({ keepAlive: true, maxSockets: 1 }));
  const cpu = process.cpuUsage();
  const started = performance.now();
  const deadline = started + options.seconds * 1000;
  try {
    await Promise.all(
      agents.map(async (agent) => {
        while (performance.now() < deadline) {
          const { url, headers } = request(sent++);
          const at = performance.now();
          try {
            const { status, lines: read } = await get(url, headers, agent);
            lines += read;
            if (status !== 200) {
              errors += 1;
              firstError ??= `${url}: ${status}`;
            }
          } catch (error) {
            errors += 1;
            firstError ??= `${url}: ${(error as Error).message}`;
          }
          latencies.push(performance.now() - at);
        }
      }),
    );
  } finally {
    for (const agent of agents) agent.destroy();
  }
  const used = process.cpuUsage(cpu);
  return summarise(latencies, errors, firstError, (performance.now() - started) / 1000, (used.user + used.system) / 1000, lines);
}

/**
 * One figure for several loads of the same route (slices of one measurement,
 * taken in turn with another's): percentiles over every request of every
 * slice, requests/s over their summed length.
 */
export function combineLoads(parts: LoadResult[]): LoadResult {
  return summarise(
    parts.flatMap((p) => p.latencies),
    parts.reduce((n, p) => n + p.errors, 0),
    parts.find((p) => p.firstError !== null)?.firstError ?? null,
    parts.reduce((n, p) => n + p.seconds, 0),
    parts.reduce((n, p) => n + p.clientCpuTotalMs, 0),
    parts.reduce((n, p) => n + p.lines, 0),
  );
}

function summarise(
  latencies: number[],
  errors: number,
  firstError: string | null,
  seconds: number,
  cpuMs: number,
  lines: number,
): LoadResult {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return {
    requests: sorted.length,
    errors,
    firstError,
    p50Ms: round(at(0.5)),
    p95Ms: round(at(0.95)),
    perSecond: round(sorted.length / seconds),
    clientCpuMs: Math.round((cpuMs / Math.max(1, sorted.length)) * 1000) / 1000,
    linesPerResponse: round(lines / Math.max(1, sorted.length)),
    latencies: sorted,
    seconds,
    clientCpuTotalMs: cpuMs,
    lines,
  };
}

/** One GET on the client's socket: its status and the lines of its body once the whole body has arrived (the chunks' line breaks are counted, the chunks not kept). */
function get(url: string, headers: Record<string, string>, agent: http.Agent): Promise<{ status: number; lines: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent, headers }, (response) => {
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines += 1;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, lines }));
      response.on('error', reject);
    });
    req.on('error', reject);
  });
}

const round = (n: number) => Math.round(n * 10) / 10;
