import { createServer } from 'node:net';

/**
 * Ports are drawn below Linux's ephemeral range (32768-60999 by default):
 * a port the kernel handed out as free and then released could be taken,
 * before the stack listened on it, as the local port of any outgoing
 * connection (a test run opens thousands), and the stack then failed with
 * EADDRINUSE. No outgoing connection takes a port below that range.
 */
const LOWEST = 20000;
const HIGHEST = 32767;
/** Ports this process has handed out already, so that two stacks of one run never get the same one. */
const given = new Set<number>();

/** A TCP port nothing listens on now, on any interface, for a test stack's server to listen on. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = LOWEST + Math.floor(Math.random() * (HIGHEST - LOWEST + 1));
    if (given.has(port) || !(await bindable(port))) continue;
    given.add(port);
    return port;
  }
  throw new Error(`no free port between ${LOWEST} and ${HIGHEST} after 100 tries`);
}

function bindable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '0.0.0.0', exclusive: true }, () => server.close(() => resolve(true)));
  });
}
