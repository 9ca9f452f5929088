/** Inbox sources of Azure subscription facts, written by the API and read by the attribution bridge. */
export const AZURE_WEBHOOK_SOURCE = 'azure.marketplace.webhook';
/** A subscription the landing page activated. */
export const AZURE_LANDING_SOURCE = 'azure.marketplace.landing';
