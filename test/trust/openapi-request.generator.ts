import { randomUUID } from 'node:crypto';
import fc from 'fast-check';

/** A JSON-schema node of the OpenAPI document, as far as the generator reads it. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  required?: string[];
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  anyOf?: SchemaNode[];
  oneOf?: SchemaNode[];
}

export interface Operation {
  method: string;
  path: string;
  contentType: string;
  schema: SchemaNode | null;
}

export interface BadRequest {
  method: string;
  path: string;
  contentType: string;
  body: string | undefined;
  /** What was broken, for the report. */
  how: string;
}

/** The POST/PUT/PATCH operations of an OpenAPI document, each with its body schema. */
export function mutatingOperations(doc: {
  paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema?: SchemaNode }> } }>>;
}): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, operations]) =>
    Object.entries(operations)
      .filter(([method]) => ['post', 'put', 'patch'].includes(method))
      .map(([method, op]) => {
        const [contentType, content] = Object.entries(op.requestBody?.content ?? { 'application/json': {} })[0];
        return { method: method.toUpperCase(), path, contentType, schema: content.schema ?? null };
      }),
  );
}

const KNOWN_PATTERNS: [RegExp, string][] = [
  [/\\d\{12\}/, '123456789012'],
  [/\[A-Z\]\{3\}/, 'USD'],
  [/\\d\{1,(12|15)\}/, '10.00'],
  [/\^-\?\\d\+/, '10.00'],
  [/arn/, 'arn:aws:license-manager::1:license:l-1'],
];

/** A value that looks right for the schema (it may still fail a rule the schema cannot express). */
export function plausible(node: SchemaNode | undefined, depth = 0): unknown {
  if (!node || depth > 6) return 'x';
  if (node.const !== undefined) return node.const;
  if (node.enum?.length) return node.enum[0];
  const branch = (node.oneOf ?? node.anyOf)?.find((b) => b.type !== 'null');
  if (branch) return plausible(branch, depth + 1);
  const type = Array.isArray(node.type) ? node.type.find((t) => t !== 'null') : node.type;
  switch (type) {
    case 'string': {
      if (node.format === 'uuid') return randomUUID();
      if (node.format === 'date-time') return new Date(Date.now() + 86_400_000).toISOString();
      if (node.format === 'date') return '2030-01-01';
      if (node.format === 'email') return 'a@example.com';
      if (node.format === 'uri') return 'https://example.com/x';
      const known = node.pattern ? KNOWN_PATTERNS.find(([p]) => p.test(node.pattern!)) : undefined;
      return known ? known[1] : 'x'.repeat(Math.max(1, node.minLength ?? 1));
    }
    case 'integer':
    case 'number':
      return Math.min(node.maximum ?? 1, Math.max(node.minimum ?? 1, 1));
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: Math.max(1, node.minItems ?? 1) }, () => plausible(node.items, depth + 1));
    case 'object':
    case undefined:
      if (!node.properties) return type === 'object' ? {} : new Date(Date.now() + 86_400_000).toISOString();
      return Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, plausible(v, depth + 1)]));
    default:
      return null;
  }
}

interface Slot {
  path: (string | number)[];
  node: SchemaNode;
}

/** Every place in a plausible value whose schema makes a wrong value certainly wrong. */
function slotsOf(node: SchemaNode, path: (string | number)[] = [], depth = 0): Slot[] {
  if (depth > 5) return [];
  const slots: Slot[] = [];
  const certain = node.type !== undefined && !node.anyOf && !node.oneOf && !(Array.isArray(node.type) && node.type.length > 1);
  if (certain || node.enum) slots.push({ path, node });
  for (const [key, child] of Object.entries(node.properties ?? {})) slots.push(...slotsOf(child, [...path, key], depth + 1));
  if (node.items && node.type === 'array') slots.push(...slotsOf(node.items, [...path, 0], depth + 1));
  return slots;
}

const nasty = fc.constantFrom(
  '\u0000',
  "' OR 1=1 --",
  '"; DROP TABLE partner; --',
  '%00',
  '../../etc/passwd',
  '\u202e\ud83d\ude00',
  '${jndi:ldap://x}',
  '<script>alert(1)</script>',
  'NaN',
  '-0',
  '1e309',
);

/** A value the slot's schema certainly refuses. */
function wrongFor(node: SchemaNode): fc.Arbitrary<unknown> {
  const type = Array.isArray(node.type) ? node.type[0] : node.type;
  const options: fc.Arbitrary<unknown>[] = [];
  if (node.enum) options.push(fc.oneof(nasty, fc.string()).filter((v) => !node.enum!.includes(v)));
  if (type !== 'string') options.push(fc.oneof(fc.string({ maxLength: 40 }), nasty));
  if (type !== 'number' && type !== 'integer') options.push(fc.oneof(fc.integer(), fc.double({ noNaN: true })));
  if (type !== 'boolean') options.push(fc.boolean());
  if (type !== 'object') options.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
  if (type !== 'array') options.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  if (type === 'string' && node.maxLength !== undefined && !node.enum)
    options.push(fc.integer({ min: 1, max: 5000 }).map((n) => 'y'.repeat(node.maxLength! + n)));
  if (type === 'string' && node.format === 'uuid')
    options.push(fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 40 })).filter((v) => !/^[0-9a-f-]{36}$/i.test(v)));
  if (type === 'integer') options.push(fc.double({ min: 0.01, max: 1e6, noNaN: true }).filter((v) => !Number.isInteger(v)));
  if ((type === 'integer' || type === 'number') && node.maximum !== undefined)
    options.push(fc.integer({ min: 1, max: 1e9 }).map((n) => node.maximum! + n));
  if (type === 'array' && node.maxItems !== undefined && node.maxItems < 200)
    options.push(fc.constant(Array.from({ length: node.maxItems + 1 }, () => plausible(node.items))));
  return fc.oneof(...options);
}

function setAt(target: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = Array.isArray(target) ? [...target] : { ...(target as object) };
  const [head, ...rest] = path;
  (copy as Record<string | number, unknown>)[head] = setAt((target as Record<string | number, unknown>)?.[head], rest, value);
  return copy;
}

function withoutAt(target: unknown, path: string[]): unknown {
  const copy = { ...(target as Record<string, unknown>) };
  delete copy[path[0]];
  return copy;
}

const paramValue = fc.oneof(
  fc.uuid().map((u) => u),
  fc.oneof(nasty, fc.string({ minLength: 1, maxLength: 30 })).map((s) => encodeURIComponent(s)),
  fc.constantFrom('%E0%A4%A', '%', '..%2F..%2F', 'null', '00000000-0000-0000-0000-000000000000', 'a'.repeat(3000)),
);

/** Bad requests for one operation: each breaks the body in a way its schema certainly refuses. */
export function badRequests(op: Operation): fc.Arbitrary<BadRequest> {
  const url = fc.tuple(...(op.path.match(/\{\w+\}/g) ?? []).map(() => paramValue)).map((values) => {
    let i = 0;
    return op.path.replace(/\{\w+\}/g, () => values[i++] as string);
  });
  const schema = op.schema;
  const json = (value: unknown, how: string) => ({ body: JSON.stringify(value), how });
  const strategies: fc.Arbitrary<{ body: string | undefined; how: string }>[] = [
    fc
      .string({ maxLength: 60 })
      .filter((s) => !isJson(s))
      .map((s) => ({ body: `{${s}`, how: 'malformed JSON' })),
  ];
  if (!schema || schema.type === 'string') {
    strategies.push(fc.string({ maxLength: 200 }).map((s) => ({ body: s, how: `raw ${op.contentType} without its required query` })));
  } else {
    strategies.push(
      fc
        .oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.constantFrom('[]', '[[]]'))
        .map((v) => json(v, 'an array where an object belongs')),
    );
    const base = plausible(schema);
    const slots = slotsOf(schema).filter((s) => s.path.length > 0);
    if (slots.length) {
      strategies.push(
        fc
          .integer({ min: 0, max: slots.length - 1 })
          .chain((i) =>
            wrongFor(slots[i].node).map((value) => json(setAt(base, slots[i].path, value), `${slots[i].path.join('.')} broken`)),
          ),
      );
    }
    const required = schema.required ?? [];
    if (required.length) strategies.push(fc.constantFrom(...required).map((key) => json(withoutAt(base, [key]), `${key} missing`)));
    if (schema.additionalProperties === false) {
      strategies.push(
        fc
          .tuple(
            fc.string({ minLength: 1, maxLength: 12 }).filter((k) => !(k in (schema.properties ?? {})) && k !== '__proto__'),
            fc.jsonValue({ maxDepth: 1 }),
          )
          .map(([key, value]) => json({ ...(base as object), [key]: value }, `unknown field ${key}`)),
      );
    }
  }
  return fc
    .tuple(url, fc.oneof(...strategies))
    .map(([path, { body, how }]) => ({ method: op.method, path, contentType: op.contentType, body, how }));
}

function isJson(text: string): boolean {
  try {
    JSON.parse(`{${text}`);
    return true;
  } catch {
    return false;
  }
}
