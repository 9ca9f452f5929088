/**
 * Every queue of the product, in one place. The values are Redis key names:
 * they never change once released, or jobs in flight would be orphaned.
 * One consuming app per queue.
 */
export const QueueName = {
  /** consumed by attribution-bridge */
  Attribution: 'attribution',
  /** consumed by metering */
  Metering: 'metering',
  /** consumed by private-offers */
  PrivateOffers: 'private-offers',
  /** consumed by listing-sync */
  ListingSync: 'listing-sync',
} as const;

export type QueueName = (typeof QueueName)[keyof typeof QueueName];
