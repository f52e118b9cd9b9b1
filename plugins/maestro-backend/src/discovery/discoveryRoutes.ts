import type { BackstageCredentials, PermissionsService } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  DiscoveryRemovalConfirmation,
  InventoryRecord,
  maestroDiscoveryManagePermission,
  maestroDiscoveryReadPermission,
  maestroInventoryCreatePermission,
  maestroInventoryDeletePermission,
  maestroInventoryUpdatePermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { awsReadOnlyPolicy } from './aws/awsLists';
import { ConnectionInput, ResolvedConnection } from './ConnectionStore';
import { shownName } from '../input/forbiddenKeys';
import type { DiscoveryRuns } from './DiscoveryRuns';
import { statusForViewer } from './statusErrors';
import { maestroRecordRules } from '../permissions/rules';
import type { RequestContext } from '../service/RequestContext';

type RouterType = ReturnType<typeof Router>;

const recordAuthorizer = createConditionAuthorizer<InventoryRecord, unknown>(Object.values(maestroRecordRules));

/**
 * A connection's runs create records owned by its owner, and update and deactivate them: whoever creates or
 * changes a connection needs `maestro.inventory.create`, and `maestro.inventory.update` and `…delete` as evaluated
 * for a record of that owner (a conditional decision, e.g. "records my groups own", is applied to such a record).
 * Throws a NotAllowedError naming what is missing.
 */
async function authorizeRecordsOf(permissions: PermissionsService, credentials: BackstageCredentials, owner: string) {
  const ref = stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group', defaultNamespace: 'default' }));
  const [create] = await permissions.authorize([{ permission: maestroInventoryCreatePermission }], { credentials });
  const onRecords = [maestroInventoryUpdatePermission, maestroInventoryDeletePermission];
  const decisions = await permissions.authorizeConditional(
    onRecords.map(permission => ({ permission })),
    { credentials },
  );
  const ownersRecord = { owner: ref } as InventoryRecord;
  const missing = [
    ...(create.result === AuthorizeResult.ALLOW ? [] : [maestroInventoryCreatePermission.name]),
    ...onRecords
      .filter((_, i) => {
        const decision = decisions[i];
        if (decision.result === AuthorizeResult.CONDITIONAL) return !recordAuthorizer(decision, ownersRecord);
        return decision.result !== AuthorizeResult.ALLOW;
      })
      .map(p => p.name),
  ];
  if (missing.length) {
    throw new NotAllowedError(
      `not allowed: ${missing.join(
        ', ',
      )} for records owned by ${ref} (the connection's runs create, update and deactivate them)`,
    );
  }
}

/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to recognise a key, not to name it. */
export const maskKeyId = (keyId: string) => (keyId.length > 8 ? `${keyId.slice(0, 4)}…${keyId.slice(-4)}` : '…');

/**
 * The external id is write-only: an update that leaves it out keeps the stored one while the role stays the same (it
 * belongs to the role's trust policy). Sending it empty (`""` or null) removes it.
 */
async function withStoredExternalId(discovery: DiscoveryRuns, input: ConnectionInput, body: Record<string, unknown>) {
  const sent = body.aws && typeof body.aws === 'object' ? (body.aws as Record<string, unknown>) : {};
  if (input.provider !== 'aws' || 'externalId' in sent) return input;
  const stored = await discovery.connections.get(input.id).catch(() => undefined);
  const externalId = stored?.aws?.externalId;
  if (!externalId || stored?.aws?.roleArn !== input.aws?.roleArn) return input;
  return { ...input, aws: { ...input.aws, externalId } };
}

/**
 * Discovery routes under /discovery: providers and their lists, connections (secrets and AWS external ids accepted
 * on write, never returned; access key ids masked for readers who may not manage discovery), task status,
 * "sync now", and the read-only IAM policy a connection needs.
 */
export function registerDiscoveryRoutes(router: RouterType, discovery: DiscoveryRuns, context: RequestContext) {
  const { permissions } = context;
  const authorize = context.authorize.bind(context);
  const audited = context.audited.bind(context);
  const actorOf = context.actorOf.bind(context);
  // remote error text in task statuses and full access key ids are for managers; other readers get Maestro's own
  // description and a masked key id
  const mayManage = (req: express.Request) =>
    authorize(req, maestroDiscoveryManagePermission).then(
      () => true,
      error => {
        if ((error as Error).name === 'NotAllowedError') return false;
        throw error;
      },
    );
  const view = async (connection: ResolvedConnection, manager: boolean) => {
    const { aws, ...rest } = discovery.connections.toPublic(connection);
    const accessKeyId = aws?.accessKeyId && !manager ? maskKeyId(aws.accessKeyId) : aws?.accessKeyId;
    return {
      ...rest,
      ...(aws ? { aws: { ...aws, ...(accessKeyId ? { accessKeyId } : {}) } } : {}),
      tasks: (await discovery.statuses(connection.id)).map(status => statusForViewer(status, manager)),
    };
  };

  router.get('/discovery/providers', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json({
      canStoreSecrets: discovery.connections.canStoreSecrets,
      items: discovery.providers(),
    });
  });

  router.get('/discovery/aws/policy', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json(awsReadOnlyPolicy());
  });

  router.get('/discovery/connections', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    const manager = await mayManage(req);
    const items = await Promise.all((await discovery.connections.list()).map(c => view(c, manager)));
    res.json({ items });
  });

  router.get('/discovery/connections/:id', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json(await view(await discovery.connections.get(req.params.id), await mayManage(req)));
  });

  router.post('/discovery/connections', async (req, res) => {
    const credentials = await authorize(req, maestroDiscoveryManagePermission);
    const input = discovery.connections.parseInput(req.body, { create: true });
    await authorizeRecordsOf(permissions, credentials, input.owner);
    const created = await audited(
      req,
      'discovery-connection-create',
      { connectionId: input.id, provider: input.provider },
      () => discovery.connections.create(input, actorOf(credentials)),
      c => ({ connectionId: c.id }),
    );
    await discovery.schedule(created);
    res.status(201).json(await view(created, true));
  });

  router.put('/discovery/connections/:id', async (req, res) => {
    const credentials = await authorize(req, maestroDiscoveryManagePermission);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (!Number.isInteger(body.version) || (body.version as number) < 1) {
      throw new InputError('version: is required: the version you read');
    }
    if (body.id !== undefined && body.id !== req.params.id) {
      throw new InputError(`id: cannot change (the URL names '${shownName(req.params.id)}')`);
    }
    const input = await withStoredExternalId(
      discovery,
      discovery.connections.parseInput({ ...body, id: req.params.id }, { create: false }),
      body,
    );
    await authorizeRecordsOf(permissions, credentials, input.owner);
    const updated = await audited(
      req,
      'discovery-connection-update',
      { connectionId: input.id, secretChanged: input.secret !== undefined },
      () => discovery.connections.update(input, body.version as number, actorOf(credentials)),
      c => ({ connectionId: c.id, version: c.version ?? 0 }),
    );
    await discovery.schedule(updated);
    res.json(await view(updated, true));
  });

  router.delete('/discovery/connections/:id', async (req, res) => {
    await authorize(req, maestroDiscoveryManagePermission);
    await audited(
      req,
      'discovery-connection-delete',
      { connectionId: req.params.id },
      () => discovery.deleteConnection(req.params.id),
      () => ({ connectionId: req.params.id }),
    );
    res.status(204).end();
  });

  router.post('/discovery/connections/:id/sync', async (req, res) => {
    await authorize(req, maestroDiscoveryManagePermission);
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.list !== undefined && typeof body.list !== 'string')
      throw new InputError('list: must be a list id such as server-list');
    const confirmRemovals = parseRemovalConfirmation(body.confirmRemovals);
    if (confirmRemovals && body.list === undefined) {
      throw new InputError('list: is required with confirmRemovals (the list whose removal you confirm)');
    }
    const result = await audited(
      req,
      'discovery-sync',
      {
        connectionId: req.params.id,
        list: (body.list as string) ?? 'all',
        ...(confirmRemovals
          ? { confirmRemovals: { region: confirmRemovals.region, atMost: confirmRemovals.atMost } }
          : {}),
      },
      () => discovery.requestSync(req.params.id, { list: body.list as string | undefined, confirmRemovals }),
      r => ({ requested: r.requested }),
    );
    res.status(202).json(result);
  });
}

/**
 * `confirmRemovals` of a sync request: the held removal the operator confirms, `{ region, atMost }` (the region
 * and the "would deactivate N" shown). A bare `true` is refused: it would release removals nobody saw.
 */
function parseRemovalConfirmation(value: unknown): DiscoveryRemovalConfirmation | undefined {
  if (value === undefined) return undefined;
  const shape = 'must be the held removal you confirm: { "region": "eu-west-1", "atMost": 12 }';
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`confirmRemovals: ${shape}`);
  const { region, atMost, ...rest } = value as Record<string, unknown>;
  const problems: string[] = [];
  if (typeof region !== 'string' || !region || region.length > 64) {
    problems.push('confirmRemovals.region: must be the region of the held removal (or global)');
  }
  if (!Number.isInteger(atMost) || (atMost as number) < 1 || (atMost as number) > 1_000_000) {
    problems.push(
      'confirmRemovals.atMost: must be a whole number between 1 and 1000000: the "would deactivate" count you confirm',
    );
  }
  const unknown = Object.keys(rest);
  if (unknown.length) problems.push(`confirmRemovals: unknown field ${unknown.join(', ')}`);
  if (problems.length) throw new InputError(problems.join('; '));
  return { region: region as string, atMost: atMost as number };
}
