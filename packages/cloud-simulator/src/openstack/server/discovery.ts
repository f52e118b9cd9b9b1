import {
  CINDER_MAX_VERSION,
  CINDER_MIN_VERSION,
  formatVersion,
  NOVA_MIN_VERSION,
  type Microversion,
} from './microversion';
import type { OpenStackServiceType, ServiceResponse } from './types';

function self(href: string) {
  return [{ rel: 'self', href }];
}

function novaVersion(root: string, max: Microversion) {
  return {
    id: 'v2.1',
    status: 'CURRENT',
    version: formatVersion(max),
    min_version: formatVersion(NOVA_MIN_VERSION),
    updated: '2013-07-23T11:33:21Z',
    links: self(`${root}/v2.1/`),
  };
}

function cinderVersion(root: string) {
  return {
    id: 'v3.0',
    status: 'CURRENT',
    version: formatVersion(CINDER_MAX_VERSION),
    min_version: formatVersion(CINDER_MIN_VERSION),
    updated: '2023-08-31T00:00:00Z',
    links: self(`${root}/v3/`),
    'media-types': [
      {
        base: 'application/json',
        type: 'application/vnd.openstack.volume+json;version=3',
      },
    ],
  };
}

/**
 * The version discovery documents of the services, which need no token: Nova `/` and `/v2.1` (up to `novaMax`),
 * Neutron `/`, Cinder `/` and `/v3`, Glance `/` and `/versions`, Octavia `/`. Undefined for any other path.
 */
export function discoveryDocument(
  service: OpenStackServiceType,
  root: string,
  path: string[],
  novaMax: Microversion,
): ServiceResponse | undefined {
  const [first, second] = path;
  if (second !== undefined) return undefined;
  switch (service) {
    case 'compute':
      if (first === undefined)
        return {
          status: 200,
          body: { versions: [novaVersion(root, novaMax)] },
        };
      return first === 'v2.1' ? { status: 200, body: { version: novaVersion(root, novaMax) } } : undefined;
    case 'network':
      return first === undefined
        ? {
            status: 200,
            body: {
              versions: [{ id: 'v2.0', status: 'CURRENT', links: self(`${root}/v2.0/`) }],
            },
          }
        : undefined;
    case 'volumev3':
      if (first === undefined) return { status: 300, body: { versions: [cinderVersion(root)] } };
      return first === 'v3' ? { status: 200, body: { versions: [cinderVersion(root)] } } : undefined;
    case 'image': {
      const versions = {
        versions: ['2.17', '2.16', '2.15'].map((v, i) => ({
          id: `v${v}`,
          status: i === 0 ? 'CURRENT' : 'SUPPORTED',
          links: self(`${root}/v2/`),
        })),
      };
      if (first === undefined) return { status: 300, body: versions };
      return first === 'versions' ? { status: 200, body: versions } : undefined;
    }
    default:
      return first === undefined
        ? {
            status: 200,
            body: {
              versions: [
                {
                  id: 'v2.0',
                  status: 'SUPPORTED',
                  updated: '2016-12-11T00:00:00Z',
                  links: self(`${root}/v2`),
                },
                {
                  id: 'v2.28',
                  status: 'CURRENT',
                  updated: '2023-11-08T00:00:00Z',
                  links: self(`${root}/v2`),
                },
              ],
            },
          }
        : undefined;
  }
}
