import type { ChangeProblem } from '@bridge/database';
import { shownOfferState } from '@bridge/domain';
import { presentAmount } from '../partners/credit.presenter';
import type { ChangeSetView, OfferView } from './offer.schemas';

interface ChangeSetRow {
  id: string;
  purpose: string;
  status: string;
  marketplaceChangeSetId: string | null;
  failureCode: string | null;
  errors: ChangeProblem[];
  lastSubmitError: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

/** What an offer's answer is made of: a row of the repository's `find`, or of the list's one statement. */
export interface PresentableOffer {
  id: string;
  kind: OfferView['kind'];
  state: OfferView['state'];
  cloud: OfferView['cloud'];
  partnerId: string | null;
  listing: OfferView['listing'];
  marketplaceOfferId: string | null;
  resaleAuthorizationId: string | null;
  replacesAgreement: { id: string; marketplaceAgreementId: string } | null;
  buyerAccounts: string[];
  contractValueMinor: bigint;
  currency: string;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  terms: {
    name: string;
    pricingModel: string;
    prices: { key: string; price: string }[];
    durationMonths: number;
    paymentSchedule: unknown;
    eula: unknown;
    /** A Decimal, or its text. */
    markupPercent: { toString(): string } | null;
    resaleGrantId: string | null;
    agreementEndDate: Date | null;
    opportunityId: string | null;
  } | null;
}

/** An offer as the API answers it, with its change sets and their errors in words. */
export function presentOffer(offer: PresentableOffer, changeSets: ChangeSetRow[] = [], now = new Date()): OfferView {
  const t = offer.terms;
  return {
    id: offer.id,
    kind: offer.kind,
    /** Read from the clock as well: a published offer past its expiry is EXPIRED (see shownOfferState). */
    state: shownOfferState(offer.state, offer.expiresAt, now),
    cloud: offer.cloud,
    partnerId: offer.partnerId,
    listing: offer.listing,
    marketplaceOfferId: offer.marketplaceOfferId,
    resaleAuthorizationId: t?.resaleGrantId ?? null,
    marketplaceResaleAuthorizationId: offer.resaleAuthorizationId,
    /** Set for a replacement offer: the agreement a buyer's acceptance replaces, and the day the new agreement ends. */
    replacesAgreement: offer.replacesAgreement
      ? { id: offer.replacesAgreement.id, marketplaceAgreementId: offer.replacesAgreement.marketplaceAgreementId }
      : null,
    agreementEndDate: t?.agreementEndDate?.toISOString().slice(0, 10) ?? null,
    name: t?.name ?? null,
    buyerAccounts: offer.buyerAccounts,
    pricingModel: t?.pricingModel ?? null,
    prices: (t?.prices ?? []).map((p) => ({
      dimension: p.key,
      price: p.price,
      currency: offer.currency,
    })),
    markupPercent: t?.markupPercent?.toString() ?? null,
    contractValue: presentAmount(offer.contractValueMinor, offer.currency),
    durationMonths: t?.durationMonths ?? null,
    paymentSchedule: t?.paymentSchedule ?? null,
    eula: t?.eula ?? null,
    opportunityId: t?.opportunityId ?? null,
    expiresAt: offer.expiresAt?.toISOString() ?? null,
    createdAt: offer.createdAt.toISOString(),
    updatedAt: offer.updatedAt.toISOString(),
    changeSets: changeSets.map(presentChangeSet),
  };
}

export function presentChangeSet(c: ChangeSetRow): ChangeSetView {
  return {
    id: c.id,
    purpose: c.purpose,
    status: c.status,
    marketplaceChangeSetId: c.marketplaceChangeSetId,
    failureCode: c.failureCode,
    errors: c.errors.map((p) => ({ field: p.field, change: p.changeType, code: p.code, message: p.message })),
    waitingBecause: c.status === 'PENDING' ? c.lastSubmitError : null,
    createdAt: c.createdAt.toISOString(),
    finishedAt: c.finishedAt?.toISOString() ?? null,
  };
}
