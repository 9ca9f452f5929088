import { AwsServiceError } from '../protocol/aws-service.error';
import { ARRAY_DETAILS, CREATE_CHANGE_TYPES, DOCUMENTED_CHANGES, DOCUMENTED_TERMS, type RequestedChange } from './change-set.types';

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
  const documented = DOCUMENTED_CHANGES[entity.Type];
  if (!documented) throw catalogValidation(`Entity type ${entity.Type} is not supported`);
  if (!documented[changeType]) throw catalogValidation(`Change type ${changeType} is not valid for ${entity.Type}`);
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
  const array = ARRAY_DETAILS.includes(changeType);
  if (!details || typeof details !== 'object' || Array.isArray(details) !== array)
    throw catalogValidation(`Change ${i + 1} (${changeType}): DetailsDocument must be ${array ? 'an array' : 'an object'}`);
  const objects = (array ? details : [details]) as Record<string, unknown>[];
  const allowed = documented[changeType];
  for (const item of objects) {
    const extra = Object.keys(item ?? {}).filter((k) => !allowed.includes(k));
    if (extra.length)
      throw catalogValidation(`Change ${i + 1} (${changeType}): No additional properties are allowed (${extra.join(', ')})`);
    checkTermTypes(entity.Type, changeType, item, i);
  }
  return {
    ChangeType: changeType,
    Entity: { Type: entity.Type, Identifier: typeof entity.Identifier === 'string' ? entity.Identifier : undefined },
    ChangeName: changeName,
    details: details as RequestedChange['details'],
    asDocument: c.DetailsDocument !== undefined,
  };
}

/** A term of a type the change does not take for this entity type is a schema error (422), as on AWS. */
function checkTermTypes(entityType: string, changeType: string, details: Record<string, unknown>, i: number): void {
  const allowed = DOCUMENTED_TERMS[entityType]?.[changeType];
  if (!allowed || !Array.isArray(details.Terms)) return;
  const wrong = (details.Terms as { Type?: unknown }[]).map((t) => String(t?.Type)).filter((t) => !allowed.includes(t));
  if (wrong.length)
    throw catalogValidation(
      `Change ${i + 1} (${changeType}): ${wrong.join(', ')} not allowed for ${entityType}. Allowed terms: ${allowed.join(', ')}`,
    );
}
