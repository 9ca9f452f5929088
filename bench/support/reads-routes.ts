/** A read the reads benchmarks measure: its path for the n-th request, and how it authenticates. */
export interface ReadRoute {
  name: string;
  path: (n: number) => string;
  auth: 'key' | 'session' | 'metrics';
}

/** The API routes and dashboard pages people use most (issue: reads that stay fast), the same for bench:reads and bench:reads-cpu. */
export function benchRoutes(partners: string[], commitments: string[]): ReadRoute[] {
  const partner = (n: number) => partners[n % partners.length]!;
  return [
    { name: 'GET /v1/partners/:id/credits', path: (n) => `/v1/partners/${partner(n)}/credits`, auth: 'key' },
    { name: 'GET /v1/partners/:id/health', path: (n) => `/v1/partners/${partner(n)}/health`, auth: 'key' },
    { name: 'GET /v1/partners', path: () => '/v1/partners', auth: 'key' },
    { name: 'GET /v1/deals', path: () => '/v1/deals', auth: 'key' },
    { name: 'GET /v1/offers', path: () => '/v1/offers', auth: 'key' },
    { name: 'GET /v1/usage/hours', path: () => '/v1/usage/hours', auth: 'key' },
    { name: 'GET /v1/reconciliation/items', path: () => '/v1/reconciliation/items', auth: 'key' },
    { name: 'dashboard overview', path: () => '/dashboard', auth: 'session' },
    { name: 'dashboard partner credits page', path: (n) => `/dashboard/partners/${partner(n)}`, auth: 'session' },
    { name: 'dashboard burn-down', path: (n) => `/dashboard/commitments/${commitments[n % commitments.length]}`, auth: 'session' },
    { name: 'dashboard leaderboard.csv', path: () => '/dashboard/leaderboard.csv', auth: 'key' },
    { name: 'GET /metrics', path: () => '/metrics', auth: 'metrics' },
  ];
}
