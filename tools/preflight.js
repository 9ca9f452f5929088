#!/usr/bin/env node
// Checks that PostgreSQL and Redis answer, before `npm start` builds and
// `npm test` typechecks: see preflight/main.ts. It runs before anything is
// built, so it loads its TypeScript through the hook the test suites use.
require('./typescript-hook');
require('./preflight/main.ts');
