import { InputError } from '@backstage/errors';
import { maestroInventoryReadPermission, maestroSettingsUpdatePermission } from '@maestro/plugin-maestro-common';
import type Router from 'express-promise-router';
import { QueryReader } from '../input/QueryReader';
import { requireObject } from '../input/requestFields';
import type { RequestContext } from '../service/RequestContext';
import type { SettingsStore } from './SettingsStore';

type RouterType = ReturnType<typeof Router>;

/** Settings (services catalog, option lists, regions): read with `maestro.inventory.read`, saved with their version. */
export function registerSettingsRoutes(router: RouterType, deps: { settings: SettingsStore; context: RequestContext }) {
  const { settings, context } = deps;

  router.get('/settings', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    res.json({ items: await settings.getAll() });
  });

  router.get('/settings/:key', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    res.json(await settings.get(settings.key(req.params.key)));
  });

  router.get('/settings/:key/history', async (req, res) => {
    await context.authorize(req, maestroInventoryReadPermission);
    const key = settings.key(req.params.key);
    const limit = new QueryReader(req.query).integer('limit', { min: 1, max: 500 }) ?? 50;
    res.json({ items: await settings.history(key, { limit }) });
  });

  router.put('/settings/:key', async (req, res) => {
    const credentials = await context.authorize(req, maestroSettingsUpdatePermission);
    const key = settings.key(req.params.key);
    const body = requireObject(req.body) as { value?: unknown; version?: unknown };
    if (!Number.isInteger(body.version) || (body.version as number) < 0) {
      throw new InputError('version: is required: the version you read (0 for a setting never saved)');
    }
    if (body.value === undefined) throw new InputError('value: is required');
    const saved = await context.audited(
      req,
      'settings-update',
      { key },
      () => settings.set(key, body.value, body.version as number, context.actorOf(credentials)),
      r => ({ version: r.version }),
    );
    res.json(saved);
  });
}
