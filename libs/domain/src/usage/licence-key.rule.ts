/** The licence id at the end of every documented spelling of an AWS licence ARN. */
const LICENCE_ID = /(l-[0-9A-Za-z]+)$/;

/**
 * What identifies an AWS licence, whichever message named it. AWS spells one
 * licence two ways: ResolveCustomer answers
 * `arn:aws:license-manager::<account>:license:l-…`, while the License Updated
 * and License Deprovisioned events print `aws:license-manager:<region>:<account>:l-…`
 * (seller guide, "Events for licenses"). Both end in the licence id, which
 * is the key; a string without one is kept whole.
 */
export function licenceKey(licenseArn: string): string {
  return LICENCE_ID.exec(licenseArn)?.[1] ?? licenseArn;
}

/** Whether a licence string is an ARN AWS's Metering API accepts as LicenseArn (it must start with arn:). */
export function isMeterableLicenceArn(licenseArn: string): boolean {
  return licenseArn.startsWith('arn:');
}

const EVENT_SPELLING = /^aws:license-manager:[a-z0-9-]*:(\d{12}):(l-[0-9A-Za-z]+)$/;

/**
 * The licence as the Metering API takes it. A licence event's
 * `aws:license-manager:<region>:<account>:l-…` is written in the form
 * ResolveCustomer answers for the same licence
 * (`arn:aws:license-manager::<account>:license:l-…`), so usage can be metered
 * from the event alone; when the buyer then registers, ResolveCustomer's own
 * ARN replaces it. Anything else is returned as it came.
 */
export function meterableLicenceArn(licenseArn: string): string {
  const match = EVENT_SPELLING.exec(licenseArn);
  return match ? `arn:aws:license-manager::${match[1]}:license:${match[2]}` : licenseArn;
}
