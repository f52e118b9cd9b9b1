import { dependencies, placement, serviceRole, tags } from './layoutBlocks';
import type { TabLayout } from './layoutTypes';

/** The tabs of the Backstage kinds Maestro holds (Component, System, Resource), in display order. */
export const BACKSTAGE_KIND_LAYOUTS: Record<string, TabLayout[]> = {
  Component: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['type', 'lifecycle', 'language', 'clusterMode', 'environment'],
        },
        serviceRole,
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'fields', title: 'System', fields: ['system'] },
        { type: 'refs', title: 'Servers', field: 'servers' },
        dependencies,
        { type: 'refs', title: 'Depends on (catalog)', field: 'dependsOn' },
      ],
    },
    {
      id: 'deploys',
      label: 'Deploys',
      blocks: [
        {
          type: 'table',
          title: 'Deploys',
          field: 'deploys',
          columns: [
            { key: 'type', title: 'Type' },
            { key: 'description', title: 'Description' },
          ],
        },
      ],
    },
    tags,
  ],
  System: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['description', 'domain'] },
        {
          type: 'table',
          title: 'Links',
          field: 'links',
          columns: [
            { key: 'title', title: 'Title' },
            { key: 'url', title: 'URL', url: true },
          ],
        },
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'refs', title: 'Clients', field: 'clients' },
        { type: 'refs', title: 'Entry applications', field: 'entryApplications' },
      ],
    },
    tags,
  ],
  Resource: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['type', 'service', 'version', 'environment', 'clusterMode'],
        },
        serviceRole,
      ],
    },
    {
      id: 'relations',
      label: 'Relations',
      blocks: [
        { type: 'fields', title: 'System', fields: ['system'] },
        { type: 'refs', title: 'Servers', field: 'servers' },
        dependencies,
        { type: 'refs', title: 'Depends on (catalog)', field: 'dependsOn' },
      ],
    },
    placement(),
    tags,
  ],
};
