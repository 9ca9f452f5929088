import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from './app-config.schema';
import { currentCorrelationId } from './correlation-context';
import { loggerLevels } from './run-main';

/** Nest's JSON console logger, with the correlation id of the work in hand on every line. */
export class CorrelatedJsonLogger extends ConsoleLogger {
  protected override getJsonLogObject(message: unknown, options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown }) {
    const entry = super.getJsonLogObject(message, options);
    const correlationId = currentCorrelationId();
    return correlationId ? { ...entry, correlationId } : entry;
  }
}

/** The logger every app uses: JSON lines (LOG_FORMAT=json, the default) or Nest's text for a terminal. */
export function createLogger(config: AppConfig): ConsoleLogger {
  const logLevels = loggerLevels(config.LOG_LEVEL);
  return config.LOG_FORMAT === 'json' ? new CorrelatedJsonLogger({ json: true, logLevels }) : new ConsoleLogger({ logLevels });
}
