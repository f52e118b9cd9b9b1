import { randomUUID } from 'node:crypto';
import {
  maestroRuleCreatePermission,
  maestroRuleDeletePermission,
  maestroRuleReadPermission,
  maestroRuleUpdatePermission,
  type EventRuleListResponse,
  type RuleDeliveryStatus,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { authorizeThenRead } from '../input/authorizeThenRead';
import { QueryReader } from '../input/QueryReader';
import type { RequestContext } from '../service/RequestContext';
import type { EventRules } from './EventRules';
import { readRuleInput } from './ruleInput';

type RouterType = ReturnType<typeof Router>;

const DELIVERY_STATUSES: readonly RuleDeliveryStatus[] = ['pending', 'delivering', 'delivered', 'failed'];
export const DEFAULT_DELIVERY_PAGE = 50;
export const MAX_DELIVERY_PAGE = 200;

/**
 * Whether a request path is a rule route: those read their body themselves, after authorizing (the others take
 * none, and never read one).
 */
export const isRulePath = (path: string) => path === '/rules' || path.startsWith('/rules/');

/**
 * The event rules API (`/rules…`, described in rulesOpenApi.ts): list, create, read, replace and
 * delete rules (`maestro.rule.read|create|update|delete`, decided before the body is read), a rule's delivery log
 * newest first, and redeliver (`…update`: the same delivery, due now, attempts reset). Writes are audited
 * (`rule-create`, `rule-update`, `rule-delete`, `rule-redeliver`); webhook secrets are never answered.
 */
export function registerRuleRoutes(
  router: RouterType,
  deps: { rules: EventRules; context: RequestContext; readBody: express.RequestHandler },
) {
  const { rules, context } = deps;

  router.get('/rules', async (_req, res) => {
    await context.authorize(_req, maestroRuleReadPermission);
    const [list, counts] = await Promise.all([rules.rules.list(), rules.deliveries.counts()]);
    const answer: EventRuleListResponse = {
      rules: list.map(rule => rules.toApi(rule, counts.get(rule.id) ?? { pending: 0, failed: 0 })),
    };
    res.json(answer);
  });

  router.post('/rules', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, maestroRuleCreatePermission);
    const actor = context.actorOf(credentials);
    const id = randomUUID();
    const fields = await readRuleInput(req.body, {
      id,
      defaultOwner: actor,
      webhooks: rules.webhooks,
      jobs: rules.jobs,
    });
    const rule = await context.audited(
      req,
      'rule-create',
      { ruleId: id, name: fields.name },
      async () =>
        rules.rules.create(id, fields, {
          actor,
          now: new Date(rules.now()).toISOString(),
          sincePosition: await rules.feedHead(),
        }),
      created => ({ sincePosition: created.sincePosition }),
    );
    res.status(201).json(rules.toApi(rule, { pending: 0, failed: 0 }));
  });

  router.get('/rules/:id', async (req, res) => {
    await context.authorize(req, maestroRuleReadPermission);
    const rule = await rules.rules.get(req.params.id);
    const counts = await rules.deliveries.counts();
    res.json(rules.toApi(rule, counts.get(rule.id) ?? { pending: 0, failed: 0 }));
  });

  router.put('/rules/:id', async (req, res) => {
    const credentials = await authorizeThenRead(context, deps.readBody, req, res, maestroRuleUpdatePermission);
    const actor = context.actorOf(credentials);
    const previous = await rules.rules.get(req.params.id);
    const fields = await readRuleInput(req.body, {
      id: previous.id,
      previous,
      defaultOwner: previous.owner,
      webhooks: rules.webhooks,
      jobs: rules.jobs,
    });
    const rule = await context.audited(
      req,
      'rule-update',
      { ruleId: previous.id, name: fields.name, enabled: fields.enabled },
      () => rules.rules.update(previous.id, fields, { actor, now: new Date(rules.now()).toISOString() }),
      () => ({}),
    );
    const counts = await rules.deliveries.counts();
    res.json(rules.toApi(rule, counts.get(rule.id) ?? { pending: 0, failed: 0 }));
  });

  router.delete('/rules/:id', async (req, res) => {
    await context.authorize(req, maestroRuleDeletePermission);
    const { id } = req.params;
    await context.audited(
      req,
      'rule-delete',
      { ruleId: id },
      () => rules.rules.delete(id),
      () => ({}),
    );
    res.status(204).end();
  });

  router.get('/rules/:id/deliveries', async (req, res) => {
    await context.authorize(req, maestroRuleReadPermission);
    const q = new QueryReader(req.query);
    const status = q.enumValue('status', DELIVERY_STATUSES);
    const limit = q.integer('limit', { min: 1, max: MAX_DELIVERY_PAGE }) ?? DEFAULT_DELIVERY_PAGE;
    const before = q.string('before');
    const rule = await rules.rules.get(req.params.id);
    res.json(await rules.deliveries.list(rule.id, { status, limit, before }));
  });

  router.post('/rules/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    await context.authorize(req, maestroRuleUpdatePermission);
    const rule = await rules.rules.get(req.params.id);
    const { deliveryId } = req.params;
    const delivery = await context.audited(
      req,
      'rule-redeliver',
      { ruleId: rule.id, deliveryId },
      () => rules.deliveries.redeliver(rule.id, deliveryId, rules.now()),
      () => ({}),
    );
    rules.worker.wake();
    res.status(202).json(delivery);
  });
}
