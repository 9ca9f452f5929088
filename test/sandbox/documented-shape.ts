/**
 * Compares what the sandbox sends with a documented message
 * (test/fixtures/aws, loaded with `documented`).
 */
import { documented as load, type DocumentedMessage } from '../fixtures/aws/documented-message';
import type { Json } from './sandbox-harness';

/** A fixture whose message a test navigates freely; expectSameShape, not the type, checks it. */
export function documented(path: string): DocumentedMessage<Json> {
  return load<Json>(path);
}

export interface ShapeOptions {
  /**
   * Paths whose values are the sandbox's own (ids, times): only their type
   * must match. Dot-separated, `*` matches within one segment, array
   * elements by index: `detail.requestId`, `detail.agreement.*Time`.
   */
  ignoreValuesAt?: string[];
  /**
   * Values the fixture uses for things the sandbox generates, and the
   * sandbox's value for each, replaced wherever they occur in a fixture
   * string (all at once, so one replacement never feeds another): the
   * agreement id inside the resources ARN is then checked, not ignored.
   */
  replace?: Record<string, string>;
}

/**
 * Asserts that `actual` has exactly the documented shape: the same keys at
 * every level (nothing missing, nothing invented), the same JSON types
 * (null stays null, "true" stays a string) and equal values outside
 * `ignoreValuesAt`. Fails with every difference, each named by its path.
 */
export function expectSameShape(actual: unknown, fixture: unknown, options: ShapeOptions = {}): void {
  const ignored = (options.ignoreValuesAt ?? []).map(pathPattern);
  const substitute = substitution(options.replace ?? {});
  const differences: string[] = [];
  compare(actual, fixture, '', { ignored, substitute, differences });
  expect(differences).toEqual([]);
}

interface Walk {
  ignored: RegExp[];
  substitute: (value: string) => string;
  differences: string[];
}

function compare(actual: unknown, expected: unknown, path: string, walk: Walk): void {
  const at = path || '(root)';
  if (jsonType(actual) !== jsonType(expected)) {
    walk.differences.push(`${at}: documented ${describe(expected)}, got ${describe(actual)}`);
    return;
  }
  if (Array.isArray(expected)) {
    const list = actual as unknown[];
    if (list.length !== expected.length) walk.differences.push(`${at}: documented ${expected.length} elements, got ${list.length}`);
    expected.slice(0, list.length).forEach((e, i) => compare(list[i], e, child(path, String(i)), walk));
    return;
  }
  if (jsonType(expected) === 'object') {
    const got = actual as Record<string, unknown>;
    const doc = expected as Record<string, unknown>;
    for (const key of Object.keys(doc)) {
      if (!(key in got)) walk.differences.push(`${child(path, key)}: documented, missing`);
      else compare(got[key], doc[key], child(path, key), walk);
    }
    for (const key of Object.keys(got)) if (!(key in doc)) walk.differences.push(`${child(path, key)}: not documented, present`);
    return;
  }
  if (walk.ignored.some((p) => p.test(path))) return;
  const want = typeof expected === 'string' ? walk.substitute(expected) : expected;
  if (actual !== want) walk.differences.push(`${at}: documented ${JSON.stringify(want)}, got ${JSON.stringify(actual)}`);
}

function describe(value: unknown): string {
  return `${JSON.stringify(value)} (${jsonType(value)})`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

function child(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

function pathPattern(pattern: string): RegExp {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${escaped.join('[^.]*')}$`);
}

function substitution(replace: Record<string, string>): (value: string) => string {
  const keys = Object.keys(replace).sort((a, b) => b.length - a.length);
  if (keys.length === 0) return (value) => value;
  const pattern = new RegExp(keys.map((k) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  return (value) => value.replace(pattern, (match) => replace[match]);
}
