import type { Server } from 'node:http';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createLogger, type AppConfig } from '@bridge/config';
import { RedisHealth } from '@bridge/queues';
import { ApiModule } from './api.module';
import { authenticateBeforeBody } from './auth/authenticate-before-body.middleware';
import { BearerKeyAuthenticator } from './auth/bearer-key.authenticator';
import { ROLES_IN_THE_DOCUMENT, withEveryRoleStated } from './auth/openapi-roles';
import { correlationIdMiddleware } from './http/correlation-id.middleware';
import { ExpressPrototypesAdapter } from './http/express-prototypes.adapter';
import { useJsonBodyParser } from './http/json-body.parser';
import { withErrorResponses } from './http/openapi-error-responses';
import { PAGINATION_IN_THE_DOCUMENT } from './http/paginated.decorator';
import { mountBullBoard } from './ops/bull-board.mount';
import { API_NAME } from './root/root.controller';

/** Express's "trust proxy" value: a hop count as a number, else the list of trusted addresses. */
function trustProxySetting(value: string): number | string[] {
  return /^\d+$/.test(value) ? Number(value) : value.split(',').map((part) => part.trim());
}

/**
 * Node closes an idle keep-alive connection after 5 s, about when clients
 * reuse one (undici keeps them 4 s; load balancers 60 s): a request sent on a
 * socket the server is closing gets ECONNRESET, and a POST is not retried.
 * Held longer than any client or balancer keeps them, the client always
 * closes first. The headers timeout must outlast it.
 */
const KEEP_ALIVE_MS = 65_000;
function keepConnectionsLongerThanClients(app: NestExpressApplication): void {
  const server = app.getHttpServer() as Server;
  server.keepAliveTimeout = KEEP_ALIVE_MS;
  server.headersTimeout = KEEP_ALIVE_MS + 1_000;
}

/** Creates the HTTP edge and listens; `port` 0 picks a free port (tests). */
export async function bootstrapApi(config: AppConfig, options: { port?: number } = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.forRoot(config), new ExpressPrototypesAdapter(), {
    logger: createLogger(config),
    bodyParser: false,
  });
  // Before anything reads req.ip (the failed-key throttle does).
  if (config.TRUST_PROXY !== undefined) app.set('trust proxy', trustProxySetting(config.TRUST_PROXY));
  app.use(correlationIdMiddleware);
  // Every /v1 route needs an API key: it is checked before any body is read,
  // so an unproven caller cannot make the API read and parse megabytes.
  app.use('/v1', authenticateBeforeBody(app.get(BearerKeyAuthenticator)));
  // Then each route reads no more than it needs. Usage batches of 10,000
  // records fit well inside 8 MB; 1,000 revenue events (the most one request
  // may carry) inside 1 MB, and other /v1 bodies are small documents. Unauthenticated routes (webhooks, the sign-in and registration
  // forms) get far less: an SNS message is at most 256 KB. Feed imports are
  // CSV, streamed by their route, not read here.
  useJsonBodyParser(app, '64kb', [
    { path: '/webhooks/aws/sns', limit: '320kb', asText: true },
    { path: '/webhooks', limit: '1mb' },
    { path: '/v1/api-keys', limit: '16kb' },
    { path: '/v1/usage', limit: '8mb' },
    { path: '/v1', limit: '1mb' },
  ]);
  app.disable('x-powered-by');
  // No ETag: Express would hash every JSON body to offer a 304 no client asks
  // for (reads change with the ledger and are fetched, not revalidated).
  app.set('etag', false);
  const document = withErrorResponses(
    withEveryRoleStated(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle(API_NAME)
          .setDescription(
            `Partner credit for every cloud-marketplace dollar, cloud-commit burn-down and disbursement reconciliation. ${ROLES_IN_THE_DOCUMENT} ${PAGINATION_IN_THE_DOCUMENT}`,
          )
          // 3.1: its schema objects are JSON Schema 2020-12, the dialect zod writes them in.
          .setOpenAPIVersion('3.1.0')
          .setVersion('0.1.0')
          .addBearerAuth()
          .addApiKey({ type: 'apiKey', in: 'header', name: config.EVENTBRIDGE_WEBHOOK_HEADER }, 'eventbridge-secret')
          .build(),
      ),
    ),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
  mountBullBoard(app);
  await app.get(RedisHealth).warnUnlessNoEviction();
  keepConnectionsLongerThanClients(app);
  await app.listen(options.port ?? config.PORT, '0.0.0.0');
  return app;
}
