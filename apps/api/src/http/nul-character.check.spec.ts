import { containsNulCharacter } from './nul-character.check';

describe('containsNulCharacter', () => {
  it('finds a NUL in a nested string or key', () => {
    expect(containsNulCharacter({ detail: { resources: ['a', 'b\u0000'] } })).toBe(true);
    expect(containsNulCharacter({ detail: { 'k\u0000': 1 } })).toBe(true);
  });

  it('passes every other JSON value, escaped backslashes included', () => {
    expect(containsNulCharacter({ id: 'x', 'detail-type': 'y', detail: { n: 1, ok: true, none: null, text: '\\u0000' } })).toBe(false);
  });
});
