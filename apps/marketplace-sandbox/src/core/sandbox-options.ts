/** Injection token for the start-up options of one sandbox instance. */
export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

export interface SandboxOptions {
  /** Base URL of the product that receives EventBridge, SNS and Azure webhook calls. */
  readonly eventTargetUrl: string;
  /** Base URL the sandbox is reachable at, used in URLs it hands out (certificate, Operation-Location). */
  publicUrl: string;
  /** The seller's data-feed bucket the sandbox serves (S3 API at /s3), and the key prefix the feeds are written under. */
  readonly dataFeedBucket: string;
  readonly dataFeedPrefix: string;
}
