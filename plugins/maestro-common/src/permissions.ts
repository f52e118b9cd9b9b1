import { createPermission } from '@backstage/plugin-permission-common';

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

/** Update (and restore) an inventory record. @public */
export const maestroInventoryUpdatePermission = createPermission({
  name: 'maestro.inventory.update',
  attributes: { action: 'update' },
});

/** Delete (deactivate) an inventory record. @public */
export const maestroInventoryDeletePermission = createPermission({
  name: 'maestro.inventory.delete',
  attributes: { action: 'delete' },
});

/** Read the change history of inventory records. @public */
export const maestroHistoryReadPermission = createPermission({
  name: 'maestro.history.read',
  attributes: { action: 'read' },
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
];
