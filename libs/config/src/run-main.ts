import { Logger } from '@nestjs/common';
import { ConfigError } from './load-config';

export interface RunningApp {
  stop(): Promise<void>;
  describe: string;
}

/**
 * The life of a process: start, report where it listens, stop cleanly on
 * SIGINT/SIGTERM (running jobs finish, connections close). A configuration
 * error prints the variables to fix and exits 1 without a stack trace.
 */
export function runMain(name: string, start: () => Promise<RunningApp | RunningApp[]>): void {
  const logger = new Logger(name);
  start().then(
    (started) => {
      const apps = Array.isArray(started) ? started : [started];
      for (const app of apps) logger.log(app.describe);
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) return;
        stopping = true;
        logger.log(`${signal}: stopping`);
        // Reverse order of start: the HTTP edge stops taking work before the
        // workers drain, and the workers before the sandbox they call.
        apps
          .reverse()
          .reduce((previous, app) => previous.then(() => app.stop()), Promise.resolve())
          .then(
            () => process.exit(0),
            (error: Error) => {
              logger.error(`stopping failed: ${error.message}`);
              process.exit(1);
            },
          );
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
    (error: Error) => {
      if (error instanceof ConfigError) console.error(error.message);
      else logger.error(`failed to start: ${error.stack ?? error.message}`);
      process.exit(1);
    },
  );
}

/** Nest logger levels from LOG_LEVEL. */
export function loggerLevels(level: 'debug' | 'info' | 'warn' | 'error') {
  const order = ['fatal', 'error', 'warn', 'log', 'debug'] as const;
  const upTo = { error: 1, warn: 2, info: 3, debug: 4 }[level];
  return order.slice(0, upTo + 1) as ('fatal' | 'error' | 'warn' | 'log' | 'debug')[];
}
