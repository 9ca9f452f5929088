import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { AppConfig } from './app-config.schema';
import { currentCorrelationId } from './correlation-context';
import { redactSecrets } from './log-redaction';
import { loggerLevels } from './run-main';

/** Nest's text console logger, with credentials redacted from every message. */
export class RedactingLogger extends ConsoleLogger {
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ) {
    super.printMessages(
      messages.map((m) => redactSecrets(m)),
      context,
      logLevel,
      writeStreamType,
      typeof errorStack === 'string' ? redactSecrets(errorStack) : errorStack,
    );
  }
}

/** Nest's JSON console logger, with the correlation id of the work in hand on every line and credentials redacted. */
export class CorrelatedJsonLogger extends RedactingLogger {
  protected override getJsonLogObject(
    message: unknown,
    options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const entry = super.getJsonLogObject(message, options);
    const correlationId = currentCorrelationId();
    return correlationId ? { ...entry, correlationId } : entry;
  }
}

/** The logger every app uses: JSON lines (LOG_FORMAT=json, the default) or Nest's text for a terminal. */
export function createLogger(config: AppConfig): ConsoleLogger {
  const logLevels = loggerLevels(config.LOG_LEVEL);
  return config.LOG_FORMAT === 'json' ? new CorrelatedJsonLogger({ json: true, logLevels }) : new RedactingLogger({ logLevels });
}
