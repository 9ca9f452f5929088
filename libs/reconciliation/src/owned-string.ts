/**
 * A copy of `value` that holds no reference to a larger string. V8 makes a
 * substring (a CSV field, a line of COPY output) a view into its parent, so
 * keeping one short id could keep a whole batch of text alive. Strings that
 * came from another thread are copies already; these do not.
 */
export const ownedString = (value: string): string => Buffer.from(value, 'utf8').toString('utf8');
