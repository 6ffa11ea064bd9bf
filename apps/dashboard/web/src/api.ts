/** The JSON API as the web UI sees it. Cookies carry the session; a 401 sends the browser to the sign-in page. */
// Every wire type comes from the server's own `api-types.ts` (type-only, erased by Vite), derived from the functions
// that build each response, so the two can never drift apart.
import type { RouteOutputs } from '../../src/api-types.js';

export type * from '../../src/api-types.js';

/** Not a CellsweepError: the bundle is minified (class names renamed), and core stays out of it; so `name` is spelled. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(path: string): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', headers: { accept: 'application/json' } });
  if (response.status === 401) {
    window.location.assign(`/login?next=${encodeURIComponent(`/${window.location.hash}`)}`);
    throw new ApiError(401, 'signed out');
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    throw new ApiError(response.status, body.message ?? `${response.status} ${response.statusText}`);
  }
  return (await response.json()) as T;
}

export const api = {
  sweeps: (offset = 0, limit = 50) =>
    getJson<RouteOutputs['GET /api/sweeps']>(`/api/sweeps?offset=${offset}&limit=${limit}`),
  sweep: (id: string) => getJson<RouteOutputs['GET /api/sweeps/:sweep']>(`/api/sweeps/${encodeURIComponent(id)}`),
  trials: (id: string, query: URLSearchParams) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/trials']>(`/api/sweeps/${encodeURIComponent(id)}/trials?${query}`),
  points: (id: string, filter?: URLSearchParams) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/points']>(
      `/api/sweeps/${encodeURIComponent(id)}/points${filter && filter.size > 0 ? `?${filter}` : ''}`,
    ),
  analysis: (id: string) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/analysis']>(`/api/sweeps/${encodeURIComponent(id)}/analysis`),
  curves: (id: string) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/curves']>(`/api/sweeps/${encodeURIComponent(id)}/curves`),
  trialCurves: (id: string, top: number) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/curves/trials']>(
      `/api/sweeps/${encodeURIComponent(id)}/curves/trials?top=${top}`,
    ),
  gradients: (id: string, top: number) =>
    getJson<RouteOutputs['GET /api/sweeps/:sweep/gradients']>(
      `/api/sweeps/${encodeURIComponent(id)}/gradients?top=${top}`,
    ),
  trial: (id: string) => getJson<RouteOutputs['GET /api/trials/:trial']>(`/api/trials/${encodeURIComponent(id)}`),
  epochs: (id: string, offset = 0, limit = 500) =>
    getJson<RouteOutputs['GET /api/trials/:trial/epochs']>(
      `/api/trials/${encodeURIComponent(id)}/epochs?offset=${offset}&limit=${limit}`,
    ),
};
