import type { Request } from 'express';

/** Whom a signed request comes from. The sandbox does not check signatures, only reads the key. */
export interface CallerIdentity {
  readonly accessKeyId: string;
  /** The seller account: the access key when it is 12 digits, else a fixed sandbox seller. */
  readonly accountId: string;
}

export const DEFAULT_SELLER_ACCOUNT_ID = '111122223333';

export function callerIdentity(request: Request): CallerIdentity {
  const auth = request.header('authorization') ?? '';
  const accessKeyId = /Credential=([^/,\s]+)\//.exec(auth)?.[1] ?? 'anonymous';
  return { accessKeyId, accountId: /^\d{12}$/.test(accessKeyId) ? accessKeyId : DEFAULT_SELLER_ACCOUNT_ID };
}
