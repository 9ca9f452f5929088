/** The sandbox's record of one private offer, as the Product Ingestion API serves it back. */
export interface PrivateOfferRecord {
  id: string;
  name: string;
  /** The originator's type: customerPromotion or multipartyPromotionOriginator. */
  privateOfferType: string;
  offerPricingType: string;
  /** draft | live | withdrawn, as the API reports it. */
  state: string;
  variableStartDate: boolean;
  end: string;
  acceptBy: string;
  preparedBy?: string;
  notificationContacts: string[];
  beneficiaries: { id: string; description?: string }[];
  partners: { id: string; partnerName?: string; location?: string }[];
  /** Per plan: the price the ISV set (USD per billing term) and, for a multiparty offer, the selling partner's markup. */
  pricing: {
    /** Durable ids, as the request named them. */
    product: string;
    plan: string;
    /** The same product and plan by external id: the offer id and planId a purchase names. */
    offerId: string;
    planId: string;
    discountType: string;
    pricePerPaymentInUsd: number;
    billingTerm: unknown;
    markupPercentage?: number;
  }[];
  /** A multiparty offer is the customer's to accept only once its selling partner has submitted it live. */
  visibleToCustomer: boolean;
  lastModified: string;
}

export type JobStatus = 'notStarted' | 'running' | 'completed';

export interface ConfigureJob {
  jobId: string;
  jobStatus: JobStatus;
  jobResult: 'pending' | 'succeeded' | 'failed';
  jobStart: string;
  jobEnd: string;
  errors: { code: string; message: string; resourceId?: string }[];
  /** The private offer the job created or changed (none for a failed job). */
  privateOfferId: string | null;
  /** Polls answered so far: a job runs for one poll, then has its result. */
  polls: number;
}
