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
        errors.push(error('INVALID_AGREEMENT_DURATION', `AgreementDuration ${String(term.AgreementDuration)} is not an ISO 8601 duration such as P12M`));
      }
      if (term.AgreementDuration === undefined && term.AgreementEndDate === undefined) {
        errors.push(error('INVALID_INPUT', 'ValidityTerm needs AgreementDuration or AgreementEndDate'));
      }
    }
    if (changeType === 'UpdatePaymentScheduleTerms') {
      const schedule = term.Schedule;
      if (type !== 'PaymentScheduleTerm' || !Array.isArray(schedule) || schedule.length === 0) {
        errors.push(error('INVALID_INPUT', 'PaymentScheduleTerm needs a Schedule of ChargeDate and ChargeAmount'));
        continue;
      }
      for (const item of schedule as Record<string, unknown>[]) {
        if (!DECIMAL.test(String(item.ChargeAmount))) errors.push(error('INVALID_PRICE', `ChargeAmount ${String(item.ChargeAmount)} must be a non-negative decimal string`));
        if (Number.isNaN(Date.parse(String(item.ChargeDate)))) errors.push(error('INVALID_DATE', `ChargeDate ${String(item.ChargeDate)} is not a date`));
      }
    }
    if (changeType === 'UpdateLegalTerms') {
      const docs = (term.Documents ?? []) as Record<string, unknown>[];
      if (type !== 'LegalTerm' || !Array.isArray(docs) || docs.length === 0) errors.push(error('INVALID_INPUT', 'LegalTerm needs Documents'));
      for (const doc of docs) {
        if (doc.Type === 'CustomEula' && typeof doc.Url !== 'string') errors.push(error('INVALID_INPUT', 'A CustomEula needs a Url'));
        if (doc.Type !== 'CustomEula' && doc.Type !== 'StandardEula') errors.push(error('INVALID_INPUT', `Unknown document type ${String(doc.Type)}`));
      }
    }
  }
  return errors;
}

function pricingTerm(type: string, term: Record<string, unknown>, dimensionKeys: string[]): ErrorDetail[] {
  const known = ['FixedUpfrontPricingTerm', 'ConfigurableUpfrontPricingTerm', 'UsageBasedPricingTerm', 'FreeTrialPricingTerm'];
  if (!known.includes(type)) return [error('INVALID_TERM_TYPE', `Unknown pricing term ${type}`)];
  const errors: ErrorDetail[] = [];
  if (term.Price !== undefined && !DECIMAL.test(String(term.Price))) errors.push(error('INVALID_PRICE', `Price ${String(term.Price)} must be a non-negative decimal string`));
  for (const card of (term.RateCards ?? []) as Record<string, unknown>[]) {
    for (const item of (card.RateCard ?? []) as Record<string, unknown>[]) {
      const key = String(item.DimensionKey ?? '');
      if (dimensionKeys.length > 0 && !dimensionKeys.includes(key)) errors.push(error('INVALID_DIMENSION', `Dimension ${key} is not defined on the product`));
      if (!DECIMAL.test(String(item.Price))) errors.push(error('INVALID_PRICE', `Price ${String(item.Price)} for ${key} must be a non-negative decimal string`));
    }
  }
  return errors;
}

export function validateBuyerAccounts(details: Record<string, unknown>): ErrorDetail[] {
  const targeting = (details.PositiveTargeting ?? {}) as { BuyerAccounts?: unknown };
  const accounts = targeting.BuyerAccounts;
  if (!Array.isArray(accounts) || accounts.length === 0) return [error('INVALID_INPUT', 'PositiveTargeting.BuyerAccounts must list accounts')];
  return accounts
    .filter((a) => typeof a !== 'string' || !/^\d{12}$/.test(a))
    .map((a) => error('INVALID_BUYER_ACCOUNT_ID', `Buyer account ${String(a)} is not a 12-digit AWS account id`));
}

export function error(ErrorCode: string, ErrorMessage: string): ErrorDetail {
  return { ErrorCode, ErrorMessage };
}
