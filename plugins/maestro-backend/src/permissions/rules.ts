import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { InventoryRecord, MAESTRO_RECORD_RESOURCE_TYPE } from '@maestro/plugin-maestro-common';
import { z } from 'zod/v4';
import { normaliseOwnerRef } from '../records/writeInput';

/** Query form of the record conditions (used when filtering lists in SQL; not yet needed). */
export type MaestroRecordQuery = { owner: { in: string[] } };

/**
 * Permission resource of Maestro inventory records.
 * @public
 */
export const maestroRecordResourceRef = createPermissionResourceRef<InventoryRecord, MaestroRecordQuery>().with({
  pluginId: 'maestro',
  resourceType: MAESTRO_RECORD_RESOURCE_TYPE,
});

/**
 * True when the record's owner is one of the given entity refs (typically the user's ownership refs: the user
 * and their groups). Both sides are compared in the catalog's full, lower-case form, so `platform`,
 * `group:default/platform` and `Group:Default/Platform` are the same owner.
 * @public
 */
export const isRecordOwner = createPermissionRule({
  name: 'IS_RECORD_OWNER',
  description: 'Allow records owned by one of the given users or groups',
  resourceRef: maestroRecordResourceRef,
  paramsSchema: z.object({
    owners: z.array(z.string()).describe('Entity refs of owners, e.g. the user and their groups'),
  }),
  apply: (record, { owners }) => {
    const owner = ownerKey(record.owner);
    return owners.some(o => ownerKey(o) === owner);
  },
  toQuery: ({ owners }) => ({ owner: { in: owners.map(normaliseOwnerRef) } }),
});

function ownerKey(ref: string): string {
  return normaliseOwnerRef(ref).toLocaleLowerCase('en-US');
}

/** Every rule of the `maestro-record` resource type. */
export const maestroRecordRules = { isRecordOwner };

const exported = createConditionExports({
  resourceRef: maestroRecordResourceRef,
  rules: maestroRecordRules,
});

/**
 * Conditions for permission policies, e.g.
 * `createMaestroRecordConditionalDecision(permission, maestroRecordConditions.isRecordOwner({ owners }))`.
 * @public
 */
export const maestroRecordConditions = exported.conditions;

/** @public */
export const createMaestroRecordConditionalDecision = exported.createConditionalDecision;
