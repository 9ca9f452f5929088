import { HttpException } from '@nestjs/common';
import type { Request } from 'express';
import { FaultInjector, sleep } from '../faults/fault-injector.service';

export const AZURE_API_VERSION = '2018-08-31';

/** An Azure marketplace error body: `{ code, message, target?, details? }`. */
export function azureError(status: number, code: string, message: string, extra: Record<string, unknown> = {}): HttpException {
  return new HttpException({ code, message, ...extra }, status);
}

/**
 * What both Azure marketplace APIs check first: an api-version they know and
 * an Entra bearer token. The sandbox accepts any bearer token, since it has
 * no Entra tenant to check it against.
 */
export async function checkAzureRequest(req: Request, operation: string, faults: FaultInjector): Promise<void> {
  if (!/^Bearer\s+\S+/.test(req.header('authorization') ?? '')) {
    throw azureError(401, 'Unauthorized', 'A bearer token from Microsoft Entra ID is required');
  }
  if (req.query['api-version'] !== AZURE_API_VERSION) {
    throw azureError(400, 'BadRequest', `api-version must be ${AZURE_API_VERSION}`, { target: 'api-version' });
  }
  const fault = faults.take(operation, ['throttle', 'error5xx', 'slow']);
  if (fault?.kind === 'slow') await sleep(fault.delayMs);
  if (fault?.kind === 'throttle') throw azureError(429, 'TooManyRequests', 'Injected fault: throttle');
  if (fault?.kind === 'error5xx') throw azureError(500, 'InternalServerError', 'Injected fault: error5xx');
}
