import { hashString } from '../../world/build/context';
import { Random } from '../../world/random';
import type { OpenStackAccount } from '../world/OpenStackWorld';
import { AUTHENTICATION_REQUIRED } from './errors';
import { keystoneTime, type IssuedToken } from './tokens';
import { CATALOG_TYPES, SEGMENT_OF, type ServiceResponse } from './types';

/** A Keystone id derived from a name (stable across runs). */
function stableId(name: string): string {
  return new Random(hashString(`keystone/${name}`)).hex(32);
}

const ROLES = [
  { id: stableId('role/member'), name: 'member' },
  { id: stableId('role/reader'), name: 'reader' },
];

/** The name of a domain: `Default` for `default`, else its id. */
function domainName(id: string): string {
  return id === 'default' ? 'Default' : id;
}

/** The URL of a service in a region (the catalog entry's `url`). */
export function serviceUrl(base: string, region: string, type: string, projectId: string): string {
  const entry = CATALOG_TYPES.find(c => c.type === type);
  if (!entry) throw new Error(`No OpenStack service of type ${type}`);
  const root = `${base}/${encodeURIComponent(region)}/${SEGMENT_OF[entry.service]}`;
  switch (entry.service) {
    case 'compute':
      return `${root}/v2.1`;
    case 'volumev3':
      return `${root}/v3/${projectId}`;
    default:
      return root;
  }
}

/**
 * The service catalog: for each catalog type not in `missing`, `public` and `internal` endpoints in every region
 * (the same URL), plus Keystone's own `identity` entry.
 */
export function buildCatalog(
  base: string,
  account: OpenStackAccount,
  regions: string[],
  missing: readonly string[],
): unknown[] {
  const entries: Array<{
    type: string;
    name: string;
    url: (region: string) => string;
  }> = [
    { type: 'identity', name: 'keystone', url: () => `${base}/identity` },
    ...CATALOG_TYPES.filter(c => !missing.includes(c.type)).map(c => ({
      type: c.type,
      name: c.name,
      url: (region: string) => serviceUrl(base, region, c.type, account.projectId),
    })),
  ];
  return entries.map(entry => ({
    endpoints: regions.flatMap(region =>
      ['public', 'internal'].map(iface => ({
        id: stableId(`endpoint/${entry.type}/${region}/${iface}`),
        interface: iface,
        region,
        region_id: region,
        url: entry.url(region),
      })),
    ),
    id: stableId(`service/${entry.type}`),
    type: entry.type,
    name: entry.name,
  }));
}

/** The body of a project-scoped token (`auth-password-project-scoped-response.json`). */
export function tokenBody(account: OpenStackAccount, token: IssuedToken): unknown {
  return {
    token: {
      methods: ['password'],
      roles: ROLES,
      expires_at: keystoneTime(token.expiresAt),
      project: {
        domain: {
          id: account.projectDomainId,
          name: domainName(account.projectDomainId),
        },
        id: account.projectId,
        name: account.projectName,
      },
      is_domain: false,
      catalog: token.catalog,
      user: {
        domain: {
          id: account.userDomainId,
          name: domainName(account.userDomainId),
        },
        id: account.userId,
        name: account.username,
        password_expires_at: null,
      },
      audit_ids: [token.auditId],
      issued_at: keystoneTime(token.issuedAt),
    },
  };
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

/** Whether a `domain` object (`{id}` or `{name}`) names the domain with this id. */
function sameDomain(domain: Json | undefined, id: string): boolean {
  if (!domain) return false;
  if (typeof domain.id === 'string') return domain.id === id;
  return typeof domain.name === 'string' && domain.name === domainName(id);
}

/** Why a token request is refused: a malformed body (400) or wrong credentials or scope (401). */
export type AuthRefusal = { status: 400 | 401; message: string };

const MALFORMED =
  'The server could not comply with the request since it is either malformed or otherwise incorrect. The client is assumed to be in error.';

/**
 * Checks a `POST /v3/auth/tokens` body: the `password` method with the user by `id`, or by `name` and `domain`
 * (`id` or `name`); an optional `scope.project` by `id`, or by `name` and `domain` (no scope: the user's default
 * project, the world's project). Returns undefined when the credentials and scope are the account's.
 */
export function checkPasswordAuth(account: OpenStackAccount, body: unknown): AuthRefusal | undefined {
  const auth = object(object(body)?.auth);
  const identity = object(auth?.identity);
  if (!auth || !identity) {
    return {
      status: 400,
      message: `Expecting to find identity in auth. ${MALFORMED}`,
    };
  }
  const methods = Array.isArray(identity.methods) ? identity.methods : [];
  const user = object(object(identity.password)?.user);
  if (!methods.includes('password') || !user) {
    return { status: 401, message: AUTHENTICATION_REQUIRED };
  }
  if (typeof user.id !== 'string' && typeof user.name !== 'string') {
    return {
      status: 400,
      message: `Expecting to find id or name in user. ${MALFORMED}`,
    };
  }
  if (typeof user.id !== 'string' && !object(user.domain)) {
    return {
      status: 400,
      message: `Expecting to find domain in user. ${MALFORMED}`,
    };
  }
  const userMatches =
    typeof user.id === 'string'
      ? user.id === account.userId
      : user.name === account.username && sameDomain(object(user.domain), account.userDomainId);
  if (!userMatches || user.password !== account.password) {
    return { status: 401, message: AUTHENTICATION_REQUIRED };
  }
  const scope = object(auth.scope);
  if (!scope) return undefined;
  const project = object(scope.project);
  if (!project) return { status: 401, message: AUTHENTICATION_REQUIRED };
  const projectMatches =
    typeof project.id === 'string'
      ? project.id === account.projectId
      : project.name === account.projectName && sameDomain(object(project.domain), account.projectDomainId);
  return projectMatches ? undefined : { status: 401, message: AUTHENTICATION_REQUIRED };
}

/** Keystone's version document (`GET /identity/v3`). */
export function identityVersion(base: string): ServiceResponse {
  return {
    status: 200,
    body: {
      version: {
        id: 'v3.14',
        status: 'stable',
        updated: '2020-04-07T00:00:00Z',
        links: [{ rel: 'self', href: `${base}/identity/v3/` }],
        'media-types': [
          {
            base: 'application/json',
            type: 'application/vnd.openstack.identity-v3+json',
          },
        ],
      },
    },
  };
}

/** Keystone's version list (`GET /identity`), as a 300 like Keystone's root. */
export function identityVersions(base: string): ServiceResponse {
  const version = (identityVersion(base).body as { version: unknown }).version;
  return { status: 300, body: { versions: { values: [version] } } };
}
