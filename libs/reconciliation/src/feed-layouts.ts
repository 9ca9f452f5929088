import type { ReconciliationFeed } from '@bridge/database';
import { awsBillingEventLayout } from './aws-billing-event.layout';
import { azurePayoutLayout } from './azure-payout.layout';
import type { FeedLayout } from './feed-row.model';

export const FEED_LAYOUTS: Record<ReconciliationFeed, FeedLayout> = {
  AWS_BILLING_EVENTS: awsBillingEventLayout,
  AZURE_PAYOUTS: azurePayoutLayout,
};
