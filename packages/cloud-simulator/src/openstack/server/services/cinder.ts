import type { OpenStackSnapshot, OpenStackVolume } from '../../world/types';
import { OpenStackApiError } from '../errors';
import { CINDER_MAX_VERSION, CINDER_MIN_VERSION, requestedVersion, versionHeaders } from '../microversion';
import { listingBody, paginate } from '../pagination';
import type { ServiceRequest, ServiceResponse } from '../types';

/** A project id in a URL: 32 hexadecimal digits, or a UUID. */
const PROJECT_ID = /^[0-9a-f]{32}$|^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function markerNotFound(marker: string): OpenStackApiError {
  return new OpenStackApiError(404, `Marker ${marker} could not be found.`);
}

interface CinderContext {
  request: ServiceRequest;
  /** `http://h:p/<region>/volume/v3/<project>` or, without a project in the URL, `…/volume/v3`. */
  versioned: string;
  /** The same without `/v3`, for bookmark links. */
  bookmark: string;
  /** `v3/<project>` or `v3`, the path of next links. */
  base: string;
}

function links(ctx: CinderContext, kind: string, id: string) {
  return [
    { href: `${ctx.versioned}/${kind}/${id}`, rel: 'self' },
    { href: `${ctx.bookmark}/${kind}/${id}`, rel: 'bookmark' },
  ];
}

function list<T extends { id: string }>(
  ctx: CinderContext,
  items: readonly T[],
  collection: 'volumes' | 'snapshots',
  path: string,
  render: (item: T) => unknown,
): unknown {
  const page = paginate(ctx.request, items, markerNotFound);
  return listingBody(ctx.request, page, collection, `${ctx.base}/${path}`, onPage => onPage.map(render));
}

function route(ctx: CinderContext, path: string[]): unknown {
  const { region } = ctx.request;
  const [collection, id, extra] = path;
  const volume = (v: OpenStackVolume) => ({
    ...v,
    links: links(ctx, 'volumes', v.id),
  });
  const snapshot = (s: OpenStackSnapshot) => s;
  if (extra === undefined && collection === 'volumes') {
    if (id === 'detail') return list(ctx, region.volumes, 'volumes', 'volumes/detail', volume);
    if (id === undefined) {
      return list(ctx, region.volumes, 'volumes', 'volumes', v => ({
        id: v.id,
        name: v.name,
        links: links(ctx, 'volumes', v.id),
      }));
    }
    const found = region.volumes.find(v => v.id === id);
    if (!found) throw new OpenStackApiError(404, `Volume ${id} could not be found.`);
    return { volume: volume(found) };
  }
  if (extra === undefined && collection === 'snapshots') {
    if (id === 'detail' || id === undefined) {
      return list(ctx, region.snapshots, 'snapshots', `snapshots${id ? '/detail' : ''}`, snapshot);
    }
    const found = region.snapshots.find(s => s.id === id);
    if (!found) throw new OpenStackApiError(404, `Snapshot ${id} could not be found.`);
    return { snapshot: snapshot(found) };
  }
  throw new OpenStackApiError(404, 'The resource could not be found.');
}

/**
 * Cinder (`volumev3` and `block-storage`, `/<region>/volume/v3/<project_id>`; the project id may be left out):
 * `GET /volumes[/detail]`, `/volumes/{id}`, `/snapshots[/detail]`, `/snapshots/{id}`, paginated with
 * `limit`/`marker` and `volumes_links`/`snapshots_links`. `OpenStack-API-Version: volume 3.x` is echoed (default
 * 3.0); another project's id in the URL is a 400, as Cinder answers it.
 */
export function handleCinder(request: ServiceRequest): ServiceResponse {
  const version = requestedVersion(request.headers, 'volume', {
    min: CINDER_MIN_VERSION,
    max: CINDER_MAX_VERSION,
  });
  const [prefix, ...rest] = request.path;
  if (prefix !== 'v3') throw new OpenStackApiError(404, 'The resource could not be found.');
  let path = rest;
  let base = 'v3';
  if (rest.length > 0 && PROJECT_ID.test(rest[0])) {
    if (rest[0] !== request.world.account.projectId) {
      throw new OpenStackApiError(400, 'Malformed request url');
    }
    path = rest.slice(1);
    base = `v3/${rest[0]}`;
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new OpenStackApiError(405, 'The method is not allowed for this resource.');
  }
  const project = base === 'v3' ? '' : `/${request.world.account.projectId}`;
  const ctx: CinderContext = {
    request,
    versioned: `${request.root}/${base}`,
    bookmark: `${request.root}${project}`,
    base,
  };
  return {
    status: 200,
    body: route(ctx, path),
    headers: versionHeaders('volume', version),
  };
}
