import type { CallerIdentity } from './caller-identity';

export type AwsJsonOperation = (input: Record<string, unknown>, caller: CallerIdentity) => unknown;

/** One awsJson service behind the shared `POST /` endpoint, found by its X-Amz-Target prefix. */
export interface AwsJsonService {
  readonly targetPrefix: string;
  /** Error code and status for the throttle and 5xx faults, which differ per service model. */
  readonly throttle: { code: string; httpStatus: number };
  readonly serverError: { code: string; httpStatus: number };
  operation(name: string): AwsJsonOperation | undefined;
}
