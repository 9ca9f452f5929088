import { ConsoleLogger, type LoggerService, type LogLevel } from '@nestjs/common';
import type { AppConfig } from './app-config.schema';
import { redactSecrets } from './log-redaction';
import { createPinoLogger } from './pino-logger';
import { loggerLevels } from './run-main';

/** Nest's text console logger (LOG_FORMAT=text, for a terminal), with credentials redacted from every message. */
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

/** The logger every app uses: JSON lines on pino (LOG_FORMAT=json, the default) or Nest's text for a terminal. */
export function createLogger(config: AppConfig): LoggerService {
  return config.LOG_FORMAT === 'json' ? createPinoLogger(config) : new RedactingLogger({ logLevels: loggerLevels(config.LOG_LEVEL) });
}
