import type { OpenStackFlavor, OpenStackServer } from '../../world/types';
import { OpenStackApiError } from '../errors';
import { atLeast, NOVA_MIN_VERSION, requestedVersion, versionHeaders, type Microversion } from '../microversion';
import { listingBody, paginate } from '../pagination';
import type { ServiceRequest, ServiceResponse } from '../types';

const LEGACY_HEADER = 'X-OpenStack-Nova-API-Version';

/** Server members and the microversion that introduced them. */
const SERVER_MEMBER_VERSIONS: ReadonlyArray<readonly [keyof OpenStackServer, number]> = [
  ['locked', 9],
  ['description', 19],
  ['tags', 26],
  ['trusted_image_certificates', 63],
  ['locked_reason', 73],
  ['OS-EXT-SRV-ATTR:hostname', 90],
  ['pinned_availability_zone', 96],
  ['scheduler_hints', 100],
];

interface NovaContext {
  request: ServiceRequest;
  version: Microversion;
  /** `http://h:p/<region>/compute/v2.1`. */
  versioned: string;
  /** `http://h:p/<region>/compute`: bookmark links, without the version. */
  bookmark: string;
  /** Server members the microversion does not have yet (and the simulator's own). */
  hidden: ReadonlySet<string>;
  /** Servers of a cell that is down (the `downCellServers` fault). */
  down: ReadonlySet<string>;
}

function links(ctx: NovaContext, kind: string, id: string) {
  return [
    { href: `${ctx.versioned}/${kind}/${id}`, rel: 'self' },
    { href: `${ctx.bookmark}/${kind}/${id}`, rel: 'bookmark' },
  ];
}

function renderServer(
  ctx: NovaContext,
  server: OpenStackServer,
  flavorIds: Map<string, string>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(server) as Array<keyof OpenStackServer>) {
    if (!ctx.hidden.has(key)) out[key] = server[key];
  }
  if (!atLeast(ctx.version, 47)) {
    const id = server.builtFromFlavorId ?? flavorIds.get(server.flavor.original_name) ?? server.flavor.original_name;
    out.flavor = {
      id,
      links: [{ href: `${ctx.bookmark}/flavors/${id}`, rel: 'bookmark' }],
    };
  }
  if (server.image) {
    out.image = {
      id: server.image.id,
      links: [{ href: `${ctx.bookmark}/images/${server.image.id}`, rel: 'bookmark' }],
    };
  }
  out.links = links(ctx, 'servers', server.id);
  return out;
}

/** A server of a down cell as 2.69+ lists it (`servers/v2.69/servers-details-resp.json`). */
function renderDetailStub(ctx: NovaContext, server: OpenStackServer): Record<string, unknown> {
  return {
    created: server.created,
    id: server.id,
    status: 'UNKNOWN',
    tenant_id: server.tenant_id,
    security_groups: server.security_groups,
    links: links(ctx, 'servers', server.id),
  };
}

/** A server of a down cell as 2.69+ shows it (`servers/v2.69/server-get-resp.json`). */
function renderShowStub(ctx: NovaContext, server: OpenStackServer): Record<string, unknown> {
  return {
    'OS-EXT-AZ:availability_zone': 'UNKNOWN',
    'OS-EXT-STS:power_state': 0,
    created: server.created,
    flavor: { ...server.flavor },
    id: server.id,
    image: server.image
      ? {
          id: server.image.id,
          links: [
            {
              href: `${ctx.bookmark}/images/${server.image.id}`,
              rel: 'bookmark',
            },
          ],
        }
      : '',
    status: 'UNKNOWN',
    tenant_id: server.tenant_id,
    user_id: server.user_id,
    links: links(ctx, 'servers', server.id),
  };
}

/**
 * The servers a listing serves: all of them, those of down cells as stubs from 2.69 (`stub`), left out before
 * (as Nova does with `list_records_by_skipping_down_cells`).
 */
function listedServers(ctx: NovaContext, servers: readonly OpenStackServer[]): readonly OpenStackServer[] {
  if (ctx.down.size === 0 || atLeast(ctx.version, 69)) return servers;
  return servers.filter(s => !ctx.down.has(s.id));
}

function renderFlavor(ctx: NovaContext, flavor: OpenStackFlavor): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ...flavor,
    links: links(ctx, 'flavors', flavor.id),
  };
  if (!atLeast(ctx.version, 55)) delete out.description;
  if (!atLeast(ctx.version, 61)) delete out.extra_specs;
  if (!atLeast(ctx.version, 75) && flavor.swap === 0) out.swap = '';
  return out;
}

function markerNotFound(marker: string): OpenStackApiError {
  return new OpenStackApiError(400, `marker [${marker}] not found`);
}

function list<T extends { id: string }>(
  ctx: NovaContext,
  items: readonly T[],
  collection: 'servers' | 'flavors',
  path: string,
  render: (item: T) => unknown,
): unknown {
  const page = paginate(ctx.request, items, markerNotFound);
  return listingBody(ctx.request, page, collection, `v2.1/${path}`, onPage => onPage.map(render));
}

function route(ctx: NovaContext, path: string[]): unknown {
  const { region } = ctx.request;
  const [collection, id, extra] = path;
  if (extra === undefined && collection === 'servers') {
    const flavorIds = new Map(region.flavors.map(f => [f.name, f.id]));
    const servers = listedServers(ctx, region.servers);
    if (id === 'detail') {
      return list(ctx, servers, 'servers', 'servers/detail', s =>
        ctx.down.has(s.id) ? renderDetailStub(ctx, s) : renderServer(ctx, s, flavorIds),
      );
    }
    if (id === undefined) {
      return list(ctx, servers, 'servers', 'servers', s =>
        ctx.down.has(s.id)
          ? { id: s.id, status: 'UNKNOWN', links: links(ctx, 'servers', s.id) }
          : { id: s.id, name: s.name, links: links(ctx, 'servers', s.id) },
      );
    }
    const server = region.servers.find(s => s.id === id);
    if (!server) throw new OpenStackApiError(404, 'Instance could not be found.');
    if (ctx.down.has(server.id)) {
      if (!atLeast(ctx.version, 69)) {
        throw new OpenStackApiError(503, 'The cell of this server is down.');
      }
      return { server: renderShowStub(ctx, server) };
    }
    return { server: renderServer(ctx, server, flavorIds) };
  }
  if (extra === undefined && collection === 'flavors') {
    if (id === 'detail') {
      return list(ctx, region.flavors, 'flavors', 'flavors/detail', f => renderFlavor(ctx, f));
    }
    if (id === undefined) {
      return list(ctx, region.flavors, 'flavors', 'flavors', f => {
        const brief: Record<string, unknown> = {
          id: f.id,
          name: f.name,
          links: links(ctx, 'flavors', f.id),
        };
        if (atLeast(ctx.version, 55)) brief.description = f.description;
        return brief;
      });
    }
    const flavor = region.flavors.find(f => f.id === id);
    if (!flavor) throw new OpenStackApiError(404, `Flavor ${id} could not be found.`);
    return { flavor: renderFlavor(ctx, flavor) };
  }
  throw new OpenStackApiError(404, 'The resource could not be found.');
}

/**
 * Nova (`compute`, `/<region>/compute/v2.1`): `GET /servers[/detail]`, `/servers/{id}`, `/flavors[/detail]`,
 * `/flavors/{id}`, paginated with `limit`/`marker` and `servers_links`/`flavors_links`. The microversion comes from
 * `OpenStack-API-Version: compute 2.x` or `X-OpenStack-Nova-API-Version` (default 2.1, up to the simulator's
 * `novaMaxMicroversion`, 406 above it) and is echoed in both headers. Servers of down cells: see the
 * `downCellServers` fault.
 */
export function handleNova(request: ServiceRequest): ServiceResponse {
  const version = requestedVersion(
    request.headers,
    'compute',
    { min: NOVA_MIN_VERSION, max: request.novaMaxVersion },
    LEGACY_HEADER,
  );
  const headers = versionHeaders('compute', version, LEGACY_HEADER);
  const [prefix, ...rest] = request.path;
  if (prefix !== 'v2.1' && prefix !== 'v2') {
    throw new OpenStackApiError(404, 'The resource could not be found.');
  }
  // Legacy URLs carry the project id: /v2.1/{project_id}/servers.
  const path = rest[0] === request.world.account.projectId ? rest.slice(1) : rest;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    throw new OpenStackApiError(405, 'The method is not allowed for this resource.');
  }
  const ctx: NovaContext = {
    request,
    version,
    versioned: `${request.root}/v2.1`,
    bookmark: request.root,
    hidden: new Set([
      'builtFromFlavorId',
      ...SERVER_MEMBER_VERSIONS.filter(([, minor]) => !atLeast(version, minor)).map(([member]) => member),
    ]),
    down: new Set(request.faults.downCellServers ?? []),
  };
  return { status: 200, body: route(ctx, path), headers };
}
