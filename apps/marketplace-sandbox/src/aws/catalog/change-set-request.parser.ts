import { AwsServiceError } from '../protocol/aws-service.error';
import { CHANGE_TYPES, CREATE_CHANGE_TYPES, type RequestedChange } from './change-set.types';

export const MAX_CHANGES_PER_SET = 20;
export const PLACEHOLDER = /^\$([A-Za-z]+)\.Entity\.Identifier$/;

/** Catalog answers malformed requests with ValidationException, HTTP 422. */
export function catalogValidation(message: string): AwsServiceError {
  return new AwsServiceError('ValidationException', message, 422);
}

/**
 * StartChangeSet's synchronous checks: limits, known entity and change
 * types, details as JSON, unique change names, placeholders that name an
 * earlier Create* change, and one change type per entity per set.
 */
export function parseStartChangeSet(body: Record<string, unknown>): {
  name?: string;
  token?: string;
  intent: 'APPLY' | 'VALIDATE';
  changes: RequestedChange[];
} {
  if (body.Catalog !== 'AWSMarketplace') throw catalogValidation('Catalog must be AWSMarketplace');
  const name = body.ChangeSetName as string | undefined;
  if (name !== undefined && (typeof name !== 'string' || name.length < 1 || name.length > 100 || !/^[\w\s+=.:@-]+$/.test(name))) {
    throw catalogValidation('ChangeSetName must be 1 to 100 characters of [\\w\\s+=.:@-]');
  }
  const token = body.ClientRequestToken as string | undefined;
  if (token !== undefined && (typeof token !== 'string' || token.length < 1 || token.length > 64)) {
    throw catalogValidation('ClientRequestToken must be 1 to 64 characters');
  }
  const intent = (body.Intent ?? 'APPLY') as 'APPLY' | 'VALIDATE';
  if (intent !== 'APPLY' && intent !== 'VALIDATE') throw catalogValidation('Intent must be APPLY or VALIDATE');
  const raw = body.ChangeSet;
  if (!Array.isArray(raw) || raw.length < 1 || raw.length > MAX_CHANGES_PER_SET) {
    throw catalogValidation(`ChangeSet must hold 1 to ${MAX_CHANGES_PER_SET} changes`);
  }
  const created = new Set<string>();
  const touched = new Set<string>();
  const changes = (raw as Record<string, unknown>[]).map((c, i) => {
    const change = parseChange(c, i);
    const identifier = change.Entity.Identifier;
    const placeholder = identifier ? PLACEHOLDER.exec(identifier) : null;
    if (placeholder && !created.has(placeholder[1])) {
      throw catalogValidation(`Change ${i + 1} refers to ${identifier}, which names no earlier Create change`);
    }
    if (!CREATE_CHANGE_TYPES.includes(change.ChangeType) && !identifier) {
      throw catalogValidation(`Change ${i + 1} (${change.ChangeType}) needs Entity.Identifier`);
    }
    const key = `${change.ChangeType}|${identifier ?? `new-${i}`}`;
    if (touched.has(key)) throw catalogValidation(`${change.ChangeType} touches ${identifier} more than once`);
    touched.add(key);
    if (CREATE_CHANGE_TYPES.includes(change.ChangeType) && change.ChangeName) created.add(change.ChangeName);
    return change;
  });
  const names = changes.map((c) => c.ChangeName).filter(Boolean);
  if (new Set(names).size !== names.length) throw catalogValidation('ChangeName must be unique within a change set');
  return { name, token, intent, changes };
}

function parseChange(c: Record<string, unknown>, i: number): RequestedChange {
  const changeType = c.ChangeType;
  const entity = c.Entity as { Type?: unknown; Identifier?: unknown } | undefined;
  if (typeof changeType !== 'string' || !entity || typeof entity.Type !== 'string') {
    throw catalogValidation(`Change ${i + 1} needs ChangeType and Entity.Type`);
  }
  const allowed = CHANGE_TYPES[entity.Type];
  if (!allowed) throw catalogValidation(`Entity type ${entity.Type} is not supported`);
  if (!allowed.includes(changeType)) throw catalogValidation(`Change type ${changeType} is not valid for ${entity.Type}`);
  const changeName = c.ChangeName as string | undefined;
  if (changeName !== undefined && (typeof changeName !== 'string' || !/^[A-Za-z]{1,100}$/.test(changeName))) {
    throw catalogValidation(`ChangeName ${String(changeName)} must be 1 to 100 letters`);
  }
  if ((c.Details === undefined) === (c.DetailsDocument === undefined)) {
    throw catalogValidation(`Change ${i + 1} needs exactly one of Details and DetailsDocument`);
  }
  let details: unknown = c.DetailsDocument;
  if (c.Details !== undefined) {
    try {
      details = JSON.parse(String(c.Details));
    } catch {
      throw catalogValidation(`Change ${i + 1}: Details is not valid JSON`);
    }
  }
  if (!details || typeof details !== 'object' || Array.isArray(details)) throw catalogValidation(`Change ${i + 1}: details must be an object`);
  return {
    ChangeType: changeType,
    Entity: { Type: entity.Type, Identifier: typeof entity.Identifier === 'string' ? entity.Identifier : undefined },
    ChangeName: changeName,
    details: details as Record<string, unknown>,
    asDocument: c.DetailsDocument !== undefined,
  };
}
