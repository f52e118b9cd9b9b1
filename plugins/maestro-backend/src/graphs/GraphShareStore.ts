import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { NotFoundError } from '@backstage/errors';
import type { GraphShareLink, GraphView } from '@maestro/plugin-maestro-common';
import type { Knex } from 'knex';
import { shownName } from '../input/forbiddenKeys';

type Row = {
  id: string;
  graph_id: string;
  token_hash: string;
  mode: string;
  snapshot: string | null;
  snapshot_generated_at: string | null;
  label: string | null;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
};

const TABLE = 'maestro_graph_shares';
/** Every column but the snapshot (which can be large): what lists and token lookups read. */
const LINK_COLUMNS = [
  'id',
  'graph_id',
  'mode',
  'snapshot_generated_at',
  'label',
  'created_by',
  'created_at',
  'expires_at',
  'last_used_at',
  'revoked_at',
  'revoked_by',
] as const;
type LinkRow = Pick<Row, (typeof LINK_COLUMNS)[number]>;

/** A share token: 32 random bytes (256 bits) in base64url, 43 characters. */
export const SHARE_TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
/** `last_used_at` is written at most this often per link (no write per request). */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** A new share token (256 bits from the system's CSPRNG). */
export function newShareToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored of a token: its SHA-256 in hex (a 256-bit random token needs no salt or slow hash). */
export function hashShareToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A link a token opens (not revoked, not expired): what the shared routes need to serve it. */
export interface OpenShare {
  id: string;
  graphId: string;
  mode: 'live' | 'snapshot';
  /** generatedAt of the frozen view (snapshot links). */
  snapshotGeneratedAt?: string;
  lastUsedAt?: string;
}

/** What a new link is made of (validated by the routes). */
export interface NewGraphShare {
  graphId: string;
  mode: 'live' | 'snapshot';
  /** The view frozen now, for a snapshot link. */
  snapshot?: GraphView;
  label?: string;
  expiresAt?: string;
  createdBy: string;
}

/**
 * Share links of saved graphs (`maestro_graph_shares`). A link's token is returned once, by `create`, and stored
 * only as its SHA-256; `open` finds a link by token in one query on the unique hash index, so a revoked or expired
 * link stops opening on every replica at once. Links are revoked, never deleted (their list shows who revoked them).
 * The table comes from the plugin's migrations (applyMigrations).
 */
export class GraphShareStore {
  readonly #db: Knex;
  readonly #now: () => number;

  static fromKnex(db: Knex, options: { now?: () => number } = {}): GraphShareStore {
    return new GraphShareStore(db, options.now ?? Date.now);
  }

  private constructor(db: Knex, now: () => number) {
    this.#db = db;
    this.#now = now;
  }

  /** Creates a link; answers it with its token (the only time the token is known). */
  async create(share: NewGraphShare): Promise<{ link: GraphShareLink; token: string }> {
    const token = newShareToken();
    const row: Row = {
      id: randomUUID(),
      graph_id: share.graphId,
      token_hash: hashShareToken(token),
      mode: share.mode,
      snapshot: share.mode === 'snapshot' && share.snapshot ? JSON.stringify(share.snapshot) : null,
      snapshot_generated_at: share.mode === 'snapshot' && share.snapshot ? share.snapshot.generatedAt : null,
      label: share.label ?? null,
      created_by: share.createdBy,
      created_at: new Date(this.#now()).toISOString(),
      expires_at: share.expiresAt ?? null,
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    };
    await this.#db<Row>(TABLE).insert(row);
    return { link: toLink(row), token };
  }

  /** The links of a graph, revoked ones included, newest first. */
  async list(graphId: string): Promise<GraphShareLink[]> {
    const rows: LinkRow[] = await this.#db<Row>(TABLE)
      .select(...LINK_COLUMNS)
      .where({ graph_id: graphId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    return rows.map(toLink);
  }

  /** Revokes a link of the graph (a link revoked already stays as it was); 404 when the graph has no such link. */
  async revoke(graphId: string, shareId: string, actor: string): Promise<GraphShareLink> {
    const now = new Date(this.#now()).toISOString();
    await this.#db<Row>(TABLE)
      .where({ id: shareId, graph_id: graphId })
      .whereNull('revoked_at')
      .update({ revoked_at: now, revoked_by: actor });
    const row: LinkRow | undefined = await this.#db<Row>(TABLE)
      .select(...LINK_COLUMNS)
      .where({ id: shareId, graph_id: graphId })
      .first();
    if (!row) throw new NotFoundError(`shareId: graph ${shownName(graphId)} has no share link ${shownName(shareId)}`);
    return toLink(row);
  }

  /**
   * The link a token opens: one query by its hash. Undefined for a malformed, unknown, revoked or expired token
   * (the caller answers them all alike).
   */
  async open(token: string): Promise<OpenShare | undefined> {
    if (!SHARE_TOKEN_PATTERN.test(token)) return undefined;
    const row: LinkRow | undefined = await this.#db<Row>(TABLE)
      .select(...LINK_COLUMNS)
      .where({ token_hash: hashShareToken(token) })
      .first();
    if (!row || row.revoked_at) return undefined;
    if (row.expires_at && Date.parse(row.expires_at) <= this.#now()) return undefined;
    return {
      id: row.id,
      graphId: row.graph_id,
      mode: row.mode === 'snapshot' ? 'snapshot' : 'live',
      ...(row.snapshot_generated_at ? { snapshotGeneratedAt: row.snapshot_generated_at } : {}),
      ...(row.last_used_at ? { lastUsedAt: row.last_used_at } : {}),
    };
  }

  /** The view a snapshot link froze (undefined for a live link). */
  async snapshot(shareId: string): Promise<GraphView | undefined> {
    const row = await this.#db<Row>(TABLE).select('snapshot').where({ id: shareId }).first();
    return row?.snapshot ? (JSON.parse(row.snapshot) as GraphView) : undefined;
  }

  /**
   * Records that a link was used now, unless it was within the last minute: the condition is in the UPDATE, so
   * replicas that race write it once. Answers whether it wrote.
   */
  async touch(shareId: string): Promise<boolean> {
    const now = this.#now();
    const before = new Date(now - LAST_USED_RESOLUTION_MS).toISOString();
    const updated = await this.#db<Row>(TABLE)
      .where({ id: shareId })
      .andWhere(q => q.whereNull('last_used_at').orWhere('last_used_at', '<=', before))
      .update({ last_used_at: new Date(now).toISOString() });
    return updated > 0;
  }
}

function toLink(row: LinkRow): GraphShareLink {
  const link: GraphShareLink = {
    id: row.id,
    graphId: row.graph_id,
    mode: row.mode === 'snapshot' ? 'snapshot' : 'live',
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
  if (row.label) link.label = row.label;
  if (row.expires_at) link.expiresAt = row.expires_at;
  if (row.last_used_at) link.lastUsedAt = row.last_used_at;
  if (row.revoked_at) link.revokedAt = row.revoked_at;
  if (row.revoked_by) link.revokedBy = row.revoked_by;
  return link;
}
