/**
 * The admin key a demo install (`npm start` with nothing set) gives itself. It
 * is in this repository and the README, so anyone can sign in with it: a
 * production start refuses it (production-requirements.ts).
 */
export const DEMO_ADMIN_API_KEY = 'demo-admin-key-change-me-0123456789';

/** Keys published in this repository's docs and examples: never valid in production. */
export const KNOWN_DEMO_KEYS: readonly string[] = [
  DEMO_ADMIN_API_KEY,
  // The README's "Try it" walkthrough.
  'dev-admin-key-change-me-0123456789',
  // Earlier docker-compose.yml's fallback.
  'change-me-to-a-long-random-admin-key',
];
