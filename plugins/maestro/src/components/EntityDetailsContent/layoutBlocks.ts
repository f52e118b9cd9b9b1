/** Tabs and blocks several kinds' layouts share. */

import type { Block, TabLayout } from './layoutTypes';

/** The Datacenter tab: where the resource is (the `extra` fields after the placement's own). */
export const placement = (extra: string[] = []): TabLayout => ({
  id: 'datacenter',
  label: 'Datacenter',
  blocks: [{ type: 'fields', title: 'Datacenter', fields: ['datacenter', 'region', 'zone', 'providerId', ...extra] }],
});

/** The Tags tab. */
export const tags: TabLayout = {
  id: 'tags',
  label: 'Tags',
  blocks: [{ type: 'object', title: 'Tags', field: 'tags' }],
};

/** RoleInfo (endpoint, port, health check, command) of databases, load balancers, applications, resources. */
export const serviceRole: Block = { type: 'object', title: 'Service role', field: 'role' };

/** The dependencies of an application (Component, Resource) on others, with their protocols. */
export const dependencies: Block = {
  type: 'table',
  title: 'Dependencies',
  field: 'dependencies',
  columns: [
    { key: 'ref', title: 'Depends on', refKind: 'Component' },
    { key: 'protocol', title: 'Protocol' },
    { key: 'description', title: 'Description' },
  ],
};
