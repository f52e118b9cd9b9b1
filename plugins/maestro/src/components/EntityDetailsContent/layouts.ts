/**
 * The tabs of the Details entity tab, by kind: which spec fields each tab shows and how. The seed (Maestro
 * Server) showed these per-entity tabs: general, datacenter, storage, auth, services, volumes, network, targets,
 * tags (and history, which is the Maestro entity tab here). A tab only appears when one of its blocks has
 * something to show; any spec field no visible block shows lands in the "Other" tab, so nothing is hidden.
 */

import { BACKSTAGE_KIND_LAYOUTS } from './backstageKindLayouts';
import { placement, serviceRole, tags } from './layoutBlocks';
import type { TabLayout } from './layoutTypes';

/** The tabs of each kind, in display order. */
export const KIND_LAYOUTS: Record<string, TabLayout[]> = {
  Server: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['hostname', 'environment', 'role', 'status', 'os', 'cpu', 'memory', 'ipv4Private', 'ipv4Public'],
        },
      ],
    },
    placement(['image', 'flavor']),
    {
      id: 'storage',
      label: 'Storage',
      blocks: [
        {
          type: 'table',
          title: 'Storage',
          field: 'storage',
          columns: [
            { key: 'mount', title: 'Mount' },
            { key: 'sizeGb', title: 'Size (GB)' },
            { key: 'rootDevice', title: 'Root device' },
            { key: 'volume', title: 'Volume', refKind: 'Volume' },
          ],
        },
      ],
    },
    {
      id: 'auth',
      label: 'Auth',
      blocks: [
        {
          type: 'table',
          title: 'Auth',
          field: 'auth',
          columns: [
            { key: 'type', title: 'Type' },
            { key: 'keyName', title: 'Key name' },
            { key: 'username', title: 'Username' },
          ],
        },
      ],
    },
    {
      id: 'services',
      label: 'Services',
      blocks: [
        {
          type: 'table',
          title: 'Services',
          field: 'services',
          columns: [
            { key: 'name', title: 'Service' },
            { key: 'version', title: 'Version' },
          ],
        },
      ],
    },
    {
      id: 'network',
      label: 'Network',
      blocks: [
        { type: 'fields', title: 'Addresses', fields: ['ipv4Private', 'ipv4Public'] },
        { type: 'refs', title: 'Networks', field: 'networks' },
      ],
    },
    tags,
  ],
  Database: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['family', 'engine', 'version', 'environment', 'clusterMode'] },
        serviceRole,
        { type: 'refs', title: 'Systems', field: 'systems' },
      ],
    },
    {
      id: 'oracle',
      label: 'Oracle',
      when: spec => spec.family === 'oracle',
      blocks: [
        { type: 'fields', title: 'Oracle', fields: ['storageType', 'oracleRole', 'crsVersion'] },
        {
          type: 'table',
          title: 'Container databases',
          field: 'cdbs',
          columns: [
            { key: 'name', title: 'CDB' },
            { key: 'pdbs', title: 'Pluggable databases' },
          ],
        },
      ],
    },
    placement(),
    {
      id: 'servers',
      label: 'Servers',
      blocks: [
        {
          type: 'table',
          title: 'Servers',
          field: 'servers',
          columns: [
            { key: 'server', title: 'Server', refKind: 'Server' },
            { key: 'role', title: 'Role' },
            { key: 'instance', title: 'Instance' },
          ],
        },
      ],
    },
    tags,
  ],
  LoadBalancer: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['service', 'type', 'scheme', 'environment', 'endpoint', 'healthcheck'],
        },
        serviceRole,
        { type: 'refs', title: 'Systems', field: 'systems' },
      ],
    },
    {
      id: 'targets',
      label: 'Targets',
      blocks: [
        { type: 'refs', title: 'Targets', field: 'targets' },
        { type: 'refs', title: 'Installed on', field: 'servers' },
      ],
    },
    { id: 'network', label: 'Network', blocks: [{ type: 'refs', title: 'Networks', field: 'networks' }] },
    placement(),
    tags,
  ],
  Volume: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['attachment', 'sizeGb', 'volumeType', 'encrypted', 'state'] },
      ],
    },
    {
      id: 'attachment',
      label: 'Attachment',
      blocks: [
        { type: 'fields', title: 'Attachment', fields: ['server', 'device', 'mountPath', 'fileType'] },
        { type: 'object', title: 'LVM', field: 'lvm' },
      ],
    },
    placement(),
    tags,
  ],
  Snapshot: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['volume', 'sizeGb', 'state', 'startedAt', 'encrypted', 'description'],
        },
      ],
    },
    placement(),
    tags,
  ],
  Image: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        {
          type: 'fields',
          title: 'General',
          fields: ['os', 'architecture', 'visibility', 'sizeGb', 'state', 'description'],
        },
      ],
    },
    placement(),
    tags,
  ],
  Flavor: [
    {
      id: 'general',
      label: 'General',
      blocks: [
        { type: 'fields', title: 'General', fields: ['cpu', 'memory', 'diskGb', 'gpu', 'visibility', 'description'] },
      ],
    },
    placement(),
    tags,
  ],
  Network: [
    {
      id: 'general',
      label: 'General',
      blocks: [{ type: 'fields', title: 'General', fields: ['type', 'cidr', 'state', 'description'] }],
    },
    {
      id: 'membership',
      label: 'Membership',
      blocks: [{ type: 'fields', title: 'Membership', fields: ['parent', 'peer'] }],
    },
    { id: 'rules', label: 'Rules', blocks: [{ type: 'list', title: 'Rules', field: 'rules' }] },
    placement(),
    tags,
  ],
  Datacenter: [
    {
      id: 'general',
      label: 'General',
      blocks: [{ type: 'fields', title: 'General', fields: ['provider', 'account', 'instances', 'description'] }],
    },
    {
      id: 'regions',
      label: 'Regions & zones',
      blocks: [
        { type: 'list', title: 'Regions', field: 'regions' },
        { type: 'list', title: 'Zones', field: 'zones' },
      ],
    },
    tags,
  ],
  Client: [
    { id: 'general', label: 'General', blocks: [{ type: 'fields', title: 'General', fields: ['description'] }] },
    {
      id: 'contacts',
      label: 'Contacts',
      blocks: [
        {
          type: 'table',
          title: 'Contacts',
          field: 'contacts',
          columns: [
            { key: 'name', title: 'Name' },
            { key: 'channel', title: 'Channel' },
            { key: 'value', title: 'Contact' },
          ],
        },
      ],
    },
    { id: 'sla', label: 'SLA', blocks: [{ type: 'object', title: 'SLA', field: 'sla' }] },
    tags,
  ],
  ...BACKSTAGE_KIND_LAYOUTS,
};

/**
 * Spec fields of the catalog entity that are not the record's own and need no tab: the owner (on the About
 * card).
 */
export const NOT_SHOWN = new Set(['owner']);

/** Kinds assumed for refs in fields the catalog projection adds to the record's spec. */
export const PROJECTED_REF_KINDS: Record<string, string> = { dependsOn: 'Component' };
