/** Who a SaaS registration token names (Metering API, ResolveCustomer). */
export interface ResolvedCustomer {
  awsAccountId: string;
  productCode: string;
  /** Present in the current API; absent from older integrations' answers. */
  licenseArn: string | null;
  /** Not populated for new SaaS integrations: the account id and licence are the key. */
  customerIdentifier: string | null;
}

/** ExpiredTokenException or InvalidTokenException: the buyer must start again from AWS Marketplace. */
export class RegistrationTokenRefusedError extends Error {
  constructor(
    readonly kind: 'EXPIRED' | 'INVALID',
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationTokenRefusedError';
  }
}

/** Resolves the `x-amzn-marketplace-token` a buyer's browser posts to the SaaS registration page. */
export interface CustomerResolver {
  resolve(registrationToken: string): Promise<ResolvedCustomer>;
}

export const CUSTOMER_RESOLVER = Symbol('CUSTOMER_RESOLVER');
