import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Resource type of Maestro inventory records in the permission framework: update and delete decisions can be
 * conditional on the record (e.g. "the user's groups own it").
 * @public
 */
export const MAESTRO_RECORD_RESOURCE_TYPE = 'maestro-record';

/**
 * Read the Maestro inventory (list, get) through the Maestro API.
 * @public
 */
export const maestroInventoryReadPermission = createPermission({
  name: 'maestro.inventory.read',
  attributes: { action: 'read' },
});

/** Create an inventory record. @public */
export const maestroInventoryCreatePermission = createPermission({
  name: 'maestro.inventory.create',
  attributes: { action: 'create' },
});

/** Update (also restore and revert) an inventory record; a resource permission on `maestro-record`. @public */
export const maestroInventoryUpdatePermission = createPermission({
  name: 'maestro.inventory.update',
  attributes: { action: 'update' },
  resourceType: MAESTRO_RECORD_RESOURCE_TYPE,
});

/** Delete (deactivate) an inventory record; a resource permission on `maestro-record`. @public */
export const maestroInventoryDeletePermission = createPermission({
  name: 'maestro.inventory.delete',
  attributes: { action: 'delete' },
  resourceType: MAESTRO_RECORD_RESOURCE_TYPE,
});

/** Read the change history of inventory records. @public */
export const maestroHistoryReadPermission = createPermission({
  name: 'maestro.history.read',
  attributes: { action: 'read' },
});

/** Change Maestro's settings (services catalog, option lists, regions). @public */
export const maestroSettingsUpdatePermission = createPermission({
  name: 'maestro.settings.update',
  attributes: { action: 'update' },
});

/** See discovery connections and the status of their tasks (never their secrets). @public */
export const maestroDiscoveryReadPermission = createPermission({
  name: 'maestro.discovery.read',
  attributes: { action: 'read' },
});

/** Create, change and delete discovery connections, and start a sync. @public */
export const maestroDiscoveryManagePermission = createPermission({
  name: 'maestro.discovery.manage',
  attributes: { action: 'update' },
});

/** Read saved report definitions (list, get). @public */
export const maestroReportReadPermission = createPermission({
  name: 'maestro.report.read',
  attributes: { action: 'read' },
});

/** Save a new report definition (also duplicate one). @public */
export const maestroReportCreatePermission = createPermission({
  name: 'maestro.report.create',
  attributes: { action: 'create' },
});

/** Change a saved report definition. @public */
export const maestroReportUpdatePermission = createPermission({
  name: 'maestro.report.update',
  attributes: { action: 'update' },
});

/** Delete a saved report definition. @public */
export const maestroReportDeletePermission = createPermission({
  name: 'maestro.report.delete',
  attributes: { action: 'delete' },
});

/** Export a report's results (CSV, XLSX…). @public */
export const maestroReportExportPermission = createPermission({
  name: 'maestro.report.export',
  attributes: { action: 'read' },
});

/** See business graphs: saved graphs, their metrics, impact analyses, neighbourhoods and exports. @public */
export const maestroGraphReadPermission = createPermission({
  name: 'maestro.graph.read',
  attributes: { action: 'read' },
});

/** Save a new business graph. @public */
export const maestroGraphCreatePermission = createPermission({
  name: 'maestro.graph.create',
  attributes: { action: 'create' },
});

/** Change or re-generate a saved business graph. @public */
export const maestroGraphUpdatePermission = createPermission({
  name: 'maestro.graph.update',
  attributes: { action: 'update' },
});

/** Delete a saved business graph. @public */
export const maestroGraphDeletePermission = createPermission({
  name: 'maestro.graph.delete',
  attributes: { action: 'delete' },
});

/** Create and revoke share links of a business graph (anyone holding a link sees that graph read-only). @public */
export const maestroGraphSharePermission = createPermission({
  name: 'maestro.graph.share',
  attributes: { action: 'update' },
});

/** See jobs (user-defined and built-in) and their run logs. @public */
export const maestroJobReadPermission = createPermission({
  name: 'maestro.job.read',
  attributes: { action: 'read' },
});

/** Create a job. @public */
export const maestroJobCreatePermission = createPermission({
  name: 'maestro.job.create',
  attributes: { action: 'create' },
});

/** Change a job (also enable and disable it). @public */
export const maestroJobUpdatePermission = createPermission({
  name: 'maestro.job.update',
  attributes: { action: 'update' },
});

/** Delete a job. @public */
export const maestroJobDeletePermission = createPermission({
  name: 'maestro.job.delete',
  attributes: { action: 'delete' },
});

/** Start a job now ("run now"). @public */
export const maestroJobRunPermission = createPermission({
  name: 'maestro.job.run',
  attributes: { action: 'update' },
});

/** See event rules and their delivery logs. @public */
export const maestroRuleReadPermission = createPermission({
  name: 'maestro.rule.read',
  attributes: { action: 'read' },
});

/** Create an event rule. @public */
export const maestroRuleCreatePermission = createPermission({
  name: 'maestro.rule.create',
  attributes: { action: 'create' },
});

/** Change an event rule (also enable, disable, and redeliver from its log). @public */
export const maestroRuleUpdatePermission = createPermission({
  name: 'maestro.rule.update',
  attributes: { action: 'update' },
});

/** Delete an event rule. @public */
export const maestroRuleDeletePermission = createPermission({
  name: 'maestro.rule.delete',
  attributes: { action: 'delete' },
});

/**
 * Manage any user's or group's subscriptions (without it, a user manages their own and those of their groups).
 * @public
 */
export const maestroSubscriptionManagePermission = createPermission({
  name: 'maestro.subscription.manage',
  attributes: { action: 'update' },
});

/**
 * Every permission the Maestro backend registers.
 * @public
 */
export const maestroPermissions = [
  maestroInventoryReadPermission,
  maestroInventoryCreatePermission,
  maestroInventoryUpdatePermission,
  maestroInventoryDeletePermission,
  maestroHistoryReadPermission,
  maestroSettingsUpdatePermission,
  maestroDiscoveryReadPermission,
  maestroDiscoveryManagePermission,
  maestroReportReadPermission,
  maestroReportCreatePermission,
  maestroReportUpdatePermission,
  maestroReportDeletePermission,
  maestroReportExportPermission,
  maestroGraphReadPermission,
  maestroGraphCreatePermission,
  maestroGraphUpdatePermission,
  maestroGraphDeletePermission,
  maestroGraphSharePermission,
  maestroJobReadPermission,
  maestroJobCreatePermission,
  maestroJobUpdatePermission,
  maestroJobDeletePermission,
  maestroJobRunPermission,
  maestroRuleReadPermission,
  maestroRuleCreatePermission,
  maestroRuleUpdatePermission,
  maestroRuleDeletePermission,
  maestroSubscriptionManagePermission,
];
