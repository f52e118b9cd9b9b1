import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  DiscoveryRemovalConfirmation,
  maestroDiscoveryManagePermission,
  maestroDiscoveryReadPermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { awsReadOnlyPolicy } from '../discovery/aws/awsLists';
import type { ResolvedConnection } from '../discovery/ConnectionStore';
import type { DiscoveryService } from '../discovery/DiscoveryService';
import { statusForViewer } from '../discovery/statusErrors';

type RouterType = ReturnType<typeof Router>;

/** What the discovery routes borrow from the main router: auth, audit and actor helpers. */
export interface DiscoveryRouteHelpers {
  authorize(req: express.Request, permission: BasicPermission): Promise<BackstageCredentials>;
  audited<T>(req: express.Request, eventId: string, meta: JsonObject, fn: () => Promise<T>, successMeta?: (result: T) => JsonObject): Promise<T>;
  actorOf(credentials: BackstageCredentials): string;
}

/**
 * Discovery routes under /discovery: providers and their lists, connections (secrets accepted on write, never
 * returned), task status, "sync now", and the read-only IAM policy a connection needs.
 */
export function registerDiscoveryRoutes(router: RouterType, discovery: DiscoveryService, helpers: DiscoveryRouteHelpers) {
  const { authorize, audited, actorOf } = helpers;
  // remote error text in task statuses is for managers; every other reader gets Maestro's own description
  const canManage = (req: express.Request) => authorize(req, maestroDiscoveryManagePermission).then(() => true, () => false);
  const view = async (connection: ResolvedConnection, manager: boolean) => ({
    ...discovery.connections.toPublic(connection),
    tasks: (await discovery.statuses(connection.id)).map(status => statusForViewer(status, manager)),
  });

  router.get('/discovery/providers', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json({
      canStoreSecrets: discovery.connections.canStoreSecrets,
      items: discovery.drivers().map(d => ({
        provider: d.provider,
        lists: d.lists.map(({ id, title, iamActions, global, defaultFrequencyMinutes }) => ({
          id,
          title,
          iamActions,
          ...(global ? { global } : {}),
          defaultFrequencyMinutes,
        })),
      })),
    });
  });

  router.get('/discovery/aws/policy', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json(awsReadOnlyPolicy());
  });

  router.get('/discovery/connections', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    const manager = await canManage(req);
    const items = await Promise.all((await discovery.connections.list()).map(c => view(c, manager)));
    res.json({ items });
  });

  router.get('/discovery/connections/:id', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json(await view(await discovery.connections.get(req.params.id), await canManage(req)));
  });

  router.post('/discovery/connections', async (req, res) => {
    const credentials = await authorize(req, maestroDiscoveryManagePermission);
    const input = discovery.connections.parseInput(req.body, { create: true });
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
      throw new InputError(`id: cannot change (the URL names '${req.params.id}')`);
    }
    const input = discovery.connections.parseInput({ ...body, id: req.params.id }, { create: false });
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
    if (body.list !== undefined && typeof body.list !== 'string') throw new InputError('list: must be a list id such as server-list');
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
        ...(confirmRemovals ? { confirmRemovals: { region: confirmRemovals.region, atMost: confirmRemovals.atMost } } : {}),
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
    problems.push('confirmRemovals.atMost: must be a whole number between 1 and 1000000: the "would deactivate" count you confirm');
  }
  const unknown = Object.keys(rest);
  if (unknown.length) problems.push(`confirmRemovals: unknown field ${unknown.join(', ')}`);
  if (problems.length) throw new InputError(problems.join('; '));
  return { region: region as string, atMost: atMost as number };
}
