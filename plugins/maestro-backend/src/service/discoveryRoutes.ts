import type { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import type { BasicPermission } from '@backstage/plugin-permission-common';
import type { JsonObject } from '@backstage/types';
import {
  maestroDiscoveryManagePermission,
  maestroDiscoveryReadPermission,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { awsReadOnlyPolicy } from '../discovery/aws/awsLists';
import { parseConnectionInput, ResolvedConnection } from '../discovery/ConnectionStore';
import { shownName } from '../input/forbiddenKeys';
import type { DiscoveryService } from '../discovery/DiscoveryService';

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
  const drivers = new Map(discovery.drivers().map(d => [d.provider as string, d]));
  const view = async (connection: ResolvedConnection) => ({
    ...discovery.connections.toPublic(connection),
    tasks: await discovery.statuses(connection.id),
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
    const items = await Promise.all((await discovery.connections.list()).map(view));
    res.json({ items });
  });

  router.get('/discovery/connections/:id', async (req, res) => {
    await authorize(req, maestroDiscoveryReadPermission);
    res.json(await view(await discovery.connections.get(req.params.id)));
  });

  router.post('/discovery/connections', async (req, res) => {
    const credentials = await authorize(req, maestroDiscoveryManagePermission);
    const input = parseConnectionInput(req.body, drivers);
    const created = await audited(
      req,
      'discovery-connection-create',
      { connectionId: input.id, provider: input.provider },
      () => discovery.connections.create(input, actorOf(credentials)),
      c => ({ connectionId: c.id }),
    );
    await discovery.schedule(created);
    res.status(201).json(await view(created));
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
    const input = parseConnectionInput({ ...body, id: req.params.id }, drivers);
    const updated = await audited(
      req,
      'discovery-connection-update',
      { connectionId: input.id, secretChanged: input.secret !== undefined },
      () => discovery.connections.update(input, body.version as number, actorOf(credentials)),
      c => ({ connectionId: c.id, version: c.version ?? 0 }),
    );
    await discovery.schedule(updated);
    res.json(await view(updated));
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
    if (body.confirmRemovals !== undefined && typeof body.confirmRemovals !== 'boolean') {
      throw new InputError('confirmRemovals: must be true or false');
    }
    const result = await audited(
      req,
      'discovery-sync',
      { connectionId: req.params.id, list: (body.list as string) ?? 'all', confirmRemovals: !!body.confirmRemovals },
      () => discovery.requestSync(req.params.id, { list: body.list as string | undefined, confirmRemovals: body.confirmRemovals as boolean | undefined }),
      r => ({ requested: r.requested }),
    );
    res.status(202).json(result);
  });
}
