// Finance's reconciliation of marketplace payouts: the billing-feed importer
// and the matching of items against agreements. A library because two apps run
// it: the API streams uploaded feeds through it, the attribution bridge runs
// its queued imports and sweeps.
export * from './reconciliation.module';
export * from './reconciliation-standalone.module';
export * from './reconciliation-import.service';
export * from './reconciliation-import.repository';
export * from './item-match.service';
export * from './instalment-rejudge.service';
export * from './unmatched-rejudge.service';
export * from './agreement-items-rejudge.service';
export * from './feed-intake.service';
export * from './staged-feed.repository';
export * from './feed-segmenter';
export * from './feed-header.resolver';
export * from './billing-feed.fixtures';
export * from './billing-event-line.builder';
export * from './delivered-feed-poll.service';
export * from './delivered-feed-object.repository';
