import type { ErrorDetail } from './change-set.types';

const DECIMAL = /^\d{1,12}(\.\d{1,8})?$/;
const DURATION = /^P\d{1,4}[DMY]$/;

/**
 * The content checks AWS runs while applying a change set: each problem
 * becomes an ErrorDetail on the change and the set fails with CLIENT_ERROR.
 */
export function validateTerms(changeType: string, details: Record<string, unknown>, dimensionKeys: string[]): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const terms = details.Terms;
  if (!Array.isArray(terms) || terms.length === 0) return [error('INVALID_INPUT', `${changeType} needs a non-empty Terms list`)];
  for (const term of terms as Record<string, unknown>[]) {
    const type = String(term.Type ?? '');
    if (changeType === 'UpdatePricingTerms') errors.push(...pricingTerm(type, term, dimensionKeys));
    if (changeType === 'UpdateValidityTerms') {
      if (type !== 'ValidityTerm') errors.push(error('INVALID_TERM_TYPE', `Expected ValidityTerm, got ${type}`));
      if (term.AgreementDuration !== undefined && !DURATION.test(String(term.AgreementDuration))) {
        errors.push(
          error(
            'INVALID_AGREEMENT_DURATION',
            `AgreementDuration ${String(term.AgreementDuration)} is not an ISO 8601 duration such as P12M`,
          ),
        );
      }
      if (term.AgreementDuration === undefined && term.AgreementEndDate === undefined) {
        errors.push(error('INVALID_INPUT', 'ValidityTerm needs AgreementDuration or AgreementEndDate'));
      }
    }
    if (changeType === 'UpdatePaymentScheduleTerms') {
      const schedule = term.Schedule;
      if (!Array.isArray(schedule) || schedule.length === 0) {
        errors.push(error('INVALID_INPUT', 'PaymentScheduleTerm needs a Schedule of ChargeDate and ChargeAmount'));
        continue;
      }
      for (const item of schedule as Record<string, unknown>[]) {
        if (!DECIMAL.test(String(item.ChargeAmount)))
          errors.push(error('INVALID_PRICE', `ChargeAmount ${String(item.ChargeAmount)} must be a non-negative decimal string`));
        if (Number.isNaN(Date.parse(String(item.ChargeDate))))
          errors.push(error('INVALID_DATE', `ChargeDate ${String(item.ChargeDate)} is not a date`));
      }
    }
    if (changeType === 'UpdateLegalTerms') {
      const docs = (term.Documents ?? []) as Record<string, unknown>[];
      if (!Array.isArray(docs) || docs.length === 0) errors.push(error('INVALID_INPUT', `${type} needs Documents`));
      for (const doc of docs) {
        if (/^Custom/.test(String(doc.Type)) && typeof doc.Url !== 'string')
          errors.push(error('INVALID_LEGAL_DOCUMENTS', `A ${String(doc.Type)} needs a Url`));
        if (!LEGAL_DOCUMENTS[type]?.includes(String(doc.Type)))
          errors.push(error('INVALID_LEGAL_DOCUMENTS', 'Provide legal documents using the supported document types.'));
      }
    }
  }
  return errors;
}

/** The document types each legal term takes (offers: LegalTerm; resale authorizations: BuyerLegalTerm, ResaleLegalTerm). */
const LEGAL_DOCUMENTS: Record<string, string[]> = {
  LegalTerm: ['CustomEula', 'StandardEula'],
  BuyerLegalTerm: ['StandardEula', 'EnterpriseEula', 'CustomEula'],
  ResaleLegalTerm: ['StandardResellerContract', 'CustomResellerContract'],
};

/** The term's type was checked against the entity type when the set was started; here its prices and dimensions. */
function pricingTerm(_type: string, term: Record<string, unknown>, dimensionKeys: string[]): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  if (term.Price !== undefined && !DECIMAL.test(String(term.Price)))
    errors.push(error('INVALID_PRICE', `Price ${String(term.Price)} must be a non-negative decimal string`));
  for (const card of (term.RateCards ?? []) as Record<string, unknown>[]) {
    for (const item of (card.RateCard ?? []) as Record<string, unknown>[]) {
      const key = String(item.DimensionKey ?? '');
      if (dimensionKeys.length > 0 && !dimensionKeys.includes(key))
        errors.push(error('INCOMPATIBLE_PRODUCT', `Use existing, available dimensions in the product in [${key}].`));
      if (!DECIMAL.test(String(item.Price)))
        errors.push(error('INVALID_PRICE', `Price ${String(item.Price)} for ${key} must be a non-negative decimal string`));
    }
  }
  for (const grant of (term.Grants ?? []) as Record<string, unknown>[]) {
    const key = String(grant.DimensionKey ?? '');
    if (dimensionKeys.length > 0 && !dimensionKeys.includes(key))
      errors.push(error('INCOMPATIBLE_PRODUCT', `Use existing, available dimensions in the product in [${key}].`));
  }
  return errors;
}

export function validateBuyerAccounts(details: Record<string, unknown>): ErrorDetail[] {
  const targeting = (details.PositiveTargeting ?? {}) as { BuyerAccounts?: unknown };
  const accounts = targeting.BuyerAccounts;
  if (accounts === undefined) return [];
  const invalid = (Array.isArray(accounts) ? accounts : [accounts]).filter((a) => typeof a !== 'string' || !/^\d{12}$/.test(a));
  return invalid.length
    ? [error('INVALID_BUYER_ACCOUNTS', `Provide valid buyer accounts. Invalid accounts: [${invalid.map(String).join(', ')}].`)]
    : [];
}

export function error(ErrorCode: string, ErrorMessage: string): ErrorDetail {
  return { ErrorCode, ErrorMessage };
}
