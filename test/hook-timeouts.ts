// Starting the apps together takes 2-3 s on a quiet machine and 5-7 s on a
// busy one (measured with the offers stack under a load average of 13):
// Jest's 5 s default would fail a healthy suite in its beforeAll. A suite
// that truly hangs still fails, after 30 s.
jest.setTimeout(30_000);
