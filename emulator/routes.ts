// Which route a request is, by method and path, and which faults a request matches.
//
// v1 paths work with and without the `.json` suffix; v2 paths have none, and a v2 source name
// may itself end in `.json` (`_data/menu.json`), so nothing is ever stripped from them.
import type { Fault, RecordedRequest } from './types.js';

export type RouteName =
  | 'GET /v1/sites/:id'
  | 'GET /v1/sites/:id/theme/assets'
  | 'POST /v1/sites/:id/theme/assets'
  | 'DELETE /v1/assets/:id'
  | 'PUT /v1/assets/:id/restore'
  | 'POST /v1/sites/:id/publish'
  | 'GET /v1/jobs/:id'
  | 'GET /api/v1/jobs/:id'
  | 'GET /v2/sites/:id'
  | 'GET /v2/sites/:id/source'
  | 'GET /v2/sites/:id/source/:name'
  | 'PUT /v2/sites/:id/source/:name'
  | 'DELETE /v2/sites/:id/source/:name'
  | 'POST /v2/sites/:id/publish'
  | 'GET /v2/jobs/:id';

export interface RouteMatch {
  name: RouteName;
  /** The site, asset or job id, percent-decoded. */
  id: string;
  /** v2 source routes: the path after `/source/` as sent (still percent-encoded). */
  rawName?: string;
}

const SOURCE_NAME = /^\/v2\/sites\/([^/]+)\/source\/(.+)$/;

const ROUTES: ReadonlyArray<{ name: RouteName; pattern: RegExp }> = [
  { name: 'GET /v1/sites/:id', pattern: /^\/v1\/sites\/([^/]+)$/ },
  { name: 'GET /v1/sites/:id/theme/assets', pattern: /^\/v1\/sites\/([^/]+)\/theme\/assets$/ },
  { name: 'POST /v1/sites/:id/theme/assets', pattern: /^\/v1\/sites\/([^/]+)\/theme\/assets$/ },
  { name: 'DELETE /v1/assets/:id', pattern: /^\/v1\/assets\/([^/]+)$/ },
  { name: 'PUT /v1/assets/:id/restore', pattern: /^\/v1\/assets\/([^/]+)\/restore$/ },
  { name: 'POST /v1/sites/:id/publish', pattern: /^\/v1\/sites\/([^/]+)\/publish$/ },
  { name: 'GET /v1/jobs/:id', pattern: /^\/v1\/jobs\/([^/]+)$/ },
  { name: 'GET /api/v1/jobs/:id', pattern: /^\/api\/v1\/jobs\/([^/]+)$/ },
  { name: 'GET /v2/sites/:id', pattern: /^\/v2\/sites\/([^/]+)$/ },
  // `source/.` too: the official gem lists the root as `source_files('.')`.
  { name: 'GET /v2/sites/:id/source', pattern: /^\/v2\/sites\/([^/]+)\/source(?:\/\.?)?$/ },
  { name: 'GET /v2/sites/:id/source/:name', pattern: SOURCE_NAME },
  { name: 'PUT /v2/sites/:id/source/:name', pattern: SOURCE_NAME },
  { name: 'DELETE /v2/sites/:id/source/:name', pattern: SOURCE_NAME },
  { name: 'POST /v2/sites/:id/publish', pattern: /^\/v2\/sites\/([^/]+)\/publish$/ },
  { name: 'GET /v2/jobs/:id', pattern: /^\/v2\/jobs\/([^/]+)$/ }
];

const isV2 = (path: string) => path.startsWith('/v2/');

/** v1 paths work with and without the `.json` suffix. */
function stripJson(path: string): string {
  return path.endsWith('.json') ? path.slice(0, -'.json'.length) : path;
}

/** Percent-decoded, or as it is when it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const bare = isV2(path) ? path : stripJson(path);
  for (const route of ROUTES) {
    if (!route.name.startsWith(`${method} `)) continue;
    const match = route.pattern.exec(bare);
    if (match?.[1] === undefined) continue;
    const found: RouteMatch = { name: route.name, id: safeDecode(match[1]) };
    if (match[2] !== undefined) found.rawName = match[2];
    return found;
  }
  return undefined;
}

/**
 * A RegExp is tested against the path as sent. A string matches the path (v1: with or
 * without `.json`; v2: as sent or percent-decoded) or the route pattern, where `:site_id`
 * and `:job_id` may stand for `:id` as the v2 documentation spells them.
 */
export function faultMatches(fault: Fault, request: RecordedRequest): boolean {
  if (fault.method && fault.method.toUpperCase() !== request.method) return false;
  if (fault.path instanceof RegExp) {
    fault.path.lastIndex = 0; // a /g RegExp keeps state between test() calls
    return fault.path.test(request.path);
  }
  const routePattern = request.route.slice(request.route.indexOf(' ') + 1);
  if (isV2(request.path)) {
    const wanted = fault.path.replace(/:(site_id|job_id)\b/g, ':id');
    return (
      wanted === request.path || wanted === safeDecode(request.path) || wanted === routePattern
    );
  }
  const wanted = stripJson(fault.path);
  return wanted === stripJson(request.path) || wanted === routePattern;
}
