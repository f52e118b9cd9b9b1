import type { Knex } from 'knex';
import type { SecretBox } from '../discovery/SecretBox';
import type { StoredWebhookTarget } from './types';
import { headerSealContext, signatureSealContext } from './webhookSecrets';

/** What re-sealing some stored secrets did (added up over webhooks, rows and tables). */
export interface SecretResealCount {
  /** Secrets moved to the first key. */
  resealed: number;
  /** Secrets already sealed with the first key. */
  current: number;
  /** Where a secret no configured key opens was found (`job <id>`, `rule <id>`): enter it again. */
  unreadable: string[];
}

/**
 * Re-seals the secrets of one stored webhook (secret header values, the signature secret) with the box's first key,
 * each bound to the same context it was sealed to. Answers the webhook to store (the same object when nothing
 * moved) and how many secrets moved, were current, or opened with no key.
 */
export function resealWebhookTarget(
  stored: StoredWebhookTarget,
  box: SecretBox,
  sealContext: string,
): { target: StoredWebhookTarget; resealed: number; current: number; unreadable: number } {
  let resealed = 0;
  let current = 0;
  let unreadable = 0;
  const reseal = (sealed: string, context: string): string => {
    let opened: { plaintext: string; keyIndex: number };
    try {
      opened = box.openWithKeyIndex(sealed, context);
    } catch {
      unreadable += 1;
      return sealed;
    }
    if (opened.keyIndex === 0) {
      current += 1;
      return sealed;
    }
    resealed += 1;
    return box.seal(opened.plaintext, context);
  };
  const headers = stored.headers.map(header =>
    header.secret && header.sealed
      ? { ...header, sealed: reseal(header.sealed, headerSealContext(sealContext, header.name)) }
      : header,
  );
  const signature = stored.signature
    ? { ...stored.signature, sealed: reseal(stored.signature.sealed, signatureSealContext(sealContext)) }
    : undefined;
  if (resealed === 0) return { target: stored, resealed, current, unreadable };
  return { target: { ...stored, headers, ...(signature ? { signature } : {}) }, resealed, current, unreadable };
}

/**
 * Re-seals the webhook secrets held in one JSON column of a table (a job's `config`, a rule's `actions`): for each
 * row, `webhooksOf` names the webhooks in the parsed column and the context each is sealed to. A row is written
 * only when a secret moved, and only if the column still holds the text that was read (an edit in between wins;
 * the next run looks again).
 */
export async function resealWebhookColumn(options: {
  db: Knex;
  box: SecretBox;
  table: string;
  column: string;
  /** How a row is named in the count's `unreadable` (`job`, `rule`). */
  label: string;
  webhooksOf: (
    id: string,
    value: any,
  ) => Array<{ target: StoredWebhookTarget; sealContext: string; replace: (next: StoredWebhookTarget) => void }>;
}): Promise<SecretResealCount> {
  const { db, box, table, column } = options;
  const count: SecretResealCount = { resealed: 0, current: 0, unreadable: [] };
  const rows: Array<{ id: string; text: string }> = await db(table).select('id', `${column} as text`).orderBy('id');
  for (const row of rows) {
    let value: any;
    try {
      value = JSON.parse(row.text);
    } catch {
      continue;
    }
    let moved = 0;
    let unreadable = 0;
    for (const webhook of options.webhooksOf(row.id, value)) {
      const outcome = resealWebhookTarget(webhook.target, box, webhook.sealContext);
      moved += outcome.resealed;
      count.current += outcome.current;
      unreadable += outcome.unreadable;
      if (outcome.resealed > 0) webhook.replace(outcome.target);
    }
    if (unreadable > 0) count.unreadable.push(`${options.label} ${row.id}`);
    if (moved > 0) {
      const written = await db(table)
        .where({ id: row.id, [column]: row.text })
        .update({ [column]: JSON.stringify(value) });
      if (written > 0) count.resealed += moved;
    }
  }
  return count;
}
