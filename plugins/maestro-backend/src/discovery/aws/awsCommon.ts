import type { Tag } from '@aws-sdk/client-ec2';
import { scopedName } from '../names';
import { enrichmentWarning } from '../statusErrors';
import type { ResourceList } from '../resourceList';
import { entityRef, placement as scopePlacement, stringMap } from '../translate';
import { AwsClients, classifyAwsError } from './AwsClients';

/** What a list's crawl gets. */
export interface AwsListContext {
  clients: AwsClients;
  /** A region, or `global` for global services. */
  region: string;
  accountId: string;
  /** Entity ref of the connection's Datacenter. */
  datacenter: string;
  signal?: AbortSignal;
  /** Reports an enrichment that could not be read (see {@link enrichment}). */
  warn: (warning: string) => void;
}

/** One of the seed's AWS resource lists: the calls it makes (its IAM actions) and how it translates what they return. */
export type AwsResourceList = ResourceList<AwsListContext>;

/** The options of every SDK call of a crawl (`client.send(command, callOptions(ctx))`, paginators' third argument). */
export const callOptions = (ctx: AwsListContext) => ({ abortSignal: ctx.signal });

/**
 * Runs a secondary call that enriches what a primary listing returned (instance types, tags, target health …).
 * When it fails (denied, throttled, an error) the listing goes on: the caller stores what was listed and keeps the
 * enriched fields as stored (`keepFields`), and the list's status says what is missing and the IAM action to add.
 * An aborted run still stops.
 */
export async function enrichment<T>(
  ctx: AwsListContext,
  what: string,
  iamAction: string,
  read: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (ctx.signal?.aborted) throw error;
    ctx.warn(enrichmentWarning(what, error, { kind: classifyAwsError(error), iamAction, provider: 'aws' }));
    return undefined;
  }
}

export const awsName = (ctx: AwsListContext, id: string) => scopedName(['aws', ctx.accountId, ctx.region, id]);
export const awsRef = (ctx: AwsListContext, kind: string, id: string) => entityRef(kind, awsName(ctx, id));

/** Cloud tags as a string map (tag keys are unique per resource in AWS). */
export function tagMap(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> | undefined {
  return stringMap((tags ?? []).map(t => [t.Key, t.Value]));
}

export const tagValue = (tags: Tag[] | undefined, ...keys: string[]) => {
  for (const key of keys) {
    const found = tags?.find(t => t.Key?.toLowerCase() === key.toLowerCase())?.Value;
    if (found) return found;
  }
  return undefined;
};

/** The placement fields of a resource (see the shared placement); a global list's records have no region. */
export const placement = (ctx: AwsListContext, providerId: string, zone?: string) =>
  scopePlacement(
    { datacenter: ctx.datacenter, region: ctx.region !== 'global' ? ctx.region : undefined },
    providerId,
    zone,
  );

/** `keepFields` of a record whose enrichment failed (nothing when it was read). */
export const keepWhen = (missing: boolean, fields: string[]) => (missing ? { keepFields: fields } : {});
