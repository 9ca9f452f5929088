import { Logger, PinoLogger, type Params } from 'nestjs-pino';
import pino from 'pino';
import type { AppConfig } from './app-config.schema';
import { currentCorrelationId } from './correlation-context';
import { REDACTED, redactSecrets } from './log-redaction';

/**
 * Request and credential fields pino blanks by path before serialising, for
 * objects that reach a log line whole (a request, its headers, a config).
 * `redactSecrets` below then covers whatever else any code writes, including
 * credentials inside message strings.
 */
const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.cookie',
  '*.password',
  '*.apiKey',
];

/** pino's levels for LOG_LEVEL; Nest's `verbose` maps to pino's `trace`. */
const PINO_LEVEL = { debug: 'debug', info: 'info', warn: 'warn', error: 'error' } as const;

/**
 * nestjs-pino's parameters for the product's JSON lines: ISO time, the level
 * by name, `message` as the text key (what log shippers and the previous
 * format used), the correlation id of the work in hand, credentials redacted.
 * `destination` defaults to process.stdout, written through its `write` so
 * lines stay in order with anything else the process prints.
 */
export function pinoParams(config: Pick<AppConfig, 'LOG_LEVEL'>, destination: pino.DestinationStream = process.stdout): Params {
  const options: pino.LoggerOptions = {
    level: PINO_LEVEL[config.LOG_LEVEL],
    messageKey: 'message',
    errorKey: 'err',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const correlationId = currentCorrelationId();
      return correlationId ? { correlationId } : {};
    },
    redact: { paths: REDACTED_PATHS, censor: REDACTED },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map((arg) => redactSecrets(arg)) as Parameters<typeof method>);
      },
    },
  };
  return { pinoHttp: [options, destination], renameContext: 'context' };
}

/**
 * The Nest logger for JSON lines, on nestjs-pino. pino keeps one root logger
 * per process (nestjs-pino's design): in the all-in-one process every app
 * shares it, which is what an operator reading one stream wants.
 */
export function createPinoLogger(config: Pick<AppConfig, 'LOG_LEVEL'>, destination?: pino.DestinationStream): Logger {
  const params = pinoParams(config, destination);
  return new Logger(new PinoLogger(params), params);
}
