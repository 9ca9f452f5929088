import { HttpException } from '@nestjs/common';
import type { Request } from 'express';
import { FaultInjector, sleep } from '../faults/fault-injector.service';
import { EntraTokenStore, MARKETPLACE_RESOURCE_ID } from './entra/entra-token.store';

export const AZURE_API_VERSION = '2018-08-31';

/** An Azure marketplace error body: `{ code, message, target?, details? }`. */
export function azureError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpException {
  return new HttpException({ code, message, ...extra }, status);
}

/** What an Azure API takes: the token's resource, its version parameter and versions, and how it refuses a bad token. */
export interface AzureApiRules {
  resource: string;
  versionParam: string;
  versions: string[];
  refusedStatus: 401 | 403;
}

const MARKETPLACE_API: AzureApiRules = {
  resource: MARKETPLACE_RESOURCE_ID,
  versionParam: 'api-version',
  versions: [AZURE_API_VERSION],
  refusedStatus: 403,
};

/**
 * What both Azure marketplace APIs check first: an Entra bearer token the
 * sandbox's Entra stand-in issued for the marketplace resource and still
 * valid, then an api-version they know. A token that is "invalid, expired,
 * or was not provided" is answered 403 Forbidden, as the SaaS Fulfillment
 * and metering pages document it.
 */
export async function checkAzureRequest(
  req: Request,
  operation: string,
  faults: FaultInjector,
  tokens: EntraTokenStore,
  api: AzureApiRules = MARKETPLACE_API,
): Promise<void> {
  const bearer = /^Bearer\s+(\S+)$/.exec(req.header('authorization') ?? '')?.[1];
  const refusal = bearer ? tokens.refusal(bearer, api.resource) : 'A bearer token from Microsoft Entra ID is required';
  if (refusal) throw azureError(api.refusedStatus, api.refusedStatus === 401 ? 'Unauthorized' : 'Forbidden', refusal);
  if (faults.take(operation, ['forbidden'])) throw azureError(403, 'Forbidden', 'Injected fault: forbidden');
  const version = req.query[api.versionParam];
  if (typeof version !== 'string' || !api.versions.includes(version)) {
    throw azureError(400, 'BadRequest', `${api.versionParam} must be ${api.versions.join(' or ')}`, { target: api.versionParam });
  }
  const fault = faults.take(operation, ['throttle', 'error5xx', 'slow']);
  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  if (fault?.kind === 'throttle') throw azureError(429, 'TooManyRequests', 'Injected fault: throttle');
  if (fault?.kind === 'error5xx') throw azureError(500, 'InternalServerError', 'Injected fault: error5xx');
}
