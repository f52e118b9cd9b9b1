import type { BackstageCredentials, BackstageUserPrincipal, UserInfoService } from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  findMaestroKind,
  maestroInventoryReadPermission,
  maestroSubscriptionManagePermission,
  type SubscriptionListResponse,
} from '@maestro/plugin-maestro-common';
import type express from 'express';
import type Router from 'express-promise-router';
import { decideThenRead } from '../input/authorizeThenRead';
import { QueryReader } from '../input/QueryReader';
import type { InventoryStore } from '../records/InventoryStore';
import { comparableRef } from '../rules/ruleMatching';
import type { RequestContext } from '../service/RequestContext';
import { readEntityRefQuery, readSubscriptionInput, readSubscriptionUpdate } from './subscriptionInput';
import type { Subscriptions } from './Subscriptions';
import { toApiSubscription, type StoredSubscription } from './SubscriptionStore';

type RouterType = ReturnType<typeof Router>;

/** Whether a request path is a subscription route: those read their body themselves, after deciding. */
export const isSubscriptionPath = (path: string) => path === '/subscriptions' || path.startsWith('/subscriptions/');

/** Who is asking: their user ref, and the refs they own through (themselves and their groups), lower case. */
interface Caller {
  credentials: BackstageCredentials;
  user?: string;
  /** The user and their groups: the subscribers whose subscriptions they manage. */
  mine: string[];
}

/**
 * The subscriptions API (`/subscriptions…`, described in subscriptionsOpenApi.ts). Everyone who may read the
 * inventory (`maestro.inventory.read`) manages their own subscriptions and those of their groups (the groups in
 * their ownership refs); `maestro.subscription.manage` manages anyone's. List mine and my groups' (`?entityRef=`: of
 * one record, the entity page's "am I watching"), create (409 when the subscriber already watches the target),
 * change events or delivery, delete. Writes are audited (`subscription-create|update|delete`).
 */
export function registerSubscriptionRoutes(
  router: RouterType,
  deps: {
    subscriptions: Subscriptions;
    store: Pick<InventoryStore, 'findByNames'>;
    userInfo: UserInfoService;
    context: RequestContext;
    readBody: express.RequestHandler;
  },
) {
  const { subscriptions, context, userInfo } = deps;
  const now = () => new Date(subscriptions.now()).toISOString();

  async function caller(req: express.Request): Promise<Caller> {
    const credentials = await context.authorize(req, maestroInventoryReadPermission);
    if ((credentials.principal as { type?: string }).type !== 'user') return { credentials, mine: [] };
    const info = await userInfo.getUserInfo(credentials as BackstageCredentials<BackstageUserPrincipal>);
    const user = comparableRef(info.userEntityRef, 'user');
    const groups = info.ownershipEntityRefs.map(r => comparableRef(r, 'group')).filter(r => r.startsWith('group:'));
    return { credentials, user, mine: [user, ...new Set(groups)] };
  }

  async function mayManage(who: Caller, subscriber: string): Promise<void> {
    if (who.mine.includes(subscriber)) return;
    const [decision] = await context.permissions.authorize([{ permission: maestroSubscriptionManagePermission }], {
      credentials: who.credentials,
    });
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `not allowed: ${maestroSubscriptionManagePermission.name} (subscriber ${subscriber} is not you or one of your groups)`,
      );
    }
  }

  /** The owner refs an "everything I own" subscription of `subscriber` matches. */
  const ownersOf = (who: Caller, subscriber: string) => (subscriber === who.user ? who.mine : [subscriber]);

  async function mineOrManaged(req: express.Request): Promise<{ who: Caller; subscription: StoredSubscription }> {
    const who = await caller(req);
    const subscription = await subscriptions.store.get(req.params.id);
    await mayManage(who, subscription.subscriber);
    return { who, subscription };
  }

  router.get('/subscriptions', async (req, res) => {
    const who = await caller(req);
    const q = new QueryReader(req.query);
    const entityRef = q.string('entityRef');
    const ref = entityRef === undefined ? undefined : readEntityRefQuery(entityRef);
    if (who.user) await subscriptions.store.refreshOwners(who.user, who.mine);
    const list = await subscriptions.store.ofSubscribers(who.mine, { entityRef: ref });
    const answer: SubscriptionListResponse = { subscriptions: list.map(toApiSubscription) };
    res.json(answer);
  });

  router.post('/subscriptions', async (req, res) => {
    const who = await decideThenRead(deps.readBody, req, res, () => caller(req));
    const fields = readSubscriptionInput(req.body);
    const subscriber = fields.subscriber ?? who.user;
    if (!subscriber) throw new InputError('subscriber: is required when the caller is not a user');
    await mayManage(who, subscriber);
    if (fields.target.type === 'entity') {
      const { kind, name } = parseEntityRef(fields.target.entityRef);
      const found = await deps.store.findByNames(findMaestroKind(kind)!.kind, [name]);
      if (found.length === 0) {
        throw new InputError(`target.entityRef: no Maestro record ${fields.target.entityRef}`);
      }
    }
    const created = await context.audited(
      req,
      'subscription-create',
      { subscriber, target: fields.target.type },
      () =>
        subscriptions.store.create(
          { ...fields, subscriber },
          { actor: context.actorOf(who.credentials), now: now(), owners: ownersOf(who, subscriber) },
        ),
      subscription => ({ subscriptionId: subscription.id }),
    );
    res.status(201).json(toApiSubscription(created));
  });

  router.patch('/subscriptions/:id', async (req, res) => {
    const { subscription } = await decideThenRead(deps.readBody, req, res, () => mineOrManaged(req));
    const changes = readSubscriptionUpdate(req.body);
    const updated = await context.audited(
      req,
      'subscription-update',
      { subscriptionId: subscription.id, ...changes },
      () => subscriptions.store.update(subscription.id, changes, { now: now() }),
      () => ({}),
    );
    res.json(toApiSubscription(updated));
  });

  router.delete('/subscriptions/:id', async (req, res) => {
    const { subscription } = await mineOrManaged(req);
    await context.audited(
      req,
      'subscription-delete',
      { subscriptionId: subscription.id, subscriber: subscription.subscriber },
      () => subscriptions.store.delete(subscription.id),
      () => ({}),
    );
    res.status(204).end();
  });
}
