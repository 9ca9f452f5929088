import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyRateLimiter } from './api-key-rate.limiter';
import { KeyAttempts } from './key-attempts';
import { ApiKeyRepository } from './api-key.repository';
import { ApiKeyService } from './api-key.service';
import { ApiKeysController } from './api-keys.controller';
import { BearerKeyAuthenticator } from './bearer-key.authenticator';

@Module({
  controllers: [ApiKeysController],
  providers: [
    ApiKeyRateLimiter,
    KeyAttempts,
    ApiKeyRepository,
    ApiKeyService,
    BearerKeyAuthenticator,
    { provide: APP_GUARD, useClass: ApiKeyGuard },
  ],
  // The dashboard and ops pages sign people in with the same keys (from a cookie);
  // the HTTP edge checks /v1 keys before reading bodies.
  exports: [ApiKeyService, BearerKeyAuthenticator, KeyAttempts],
})
export class AuthModule {}
