import { InputError } from '@backstage/errors';
import type express from 'express';

/**
 * The record version a delete or restore was decided on: `given` (the `version` query parameter or body field) or
 * the `If-Match` header (`"3"`, as `GET /records/:id` sends in its ETag). Without one the request is refused (400
 * naming `version`): a delete or restore must never overwrite an edit its author has not seen.
 */
export function versionRead(req: express.Request, given: number | undefined): number {
  const header = req.get('if-match');
  let fromHeader: number | undefined;
  if (header !== undefined) {
    const match = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
    fromHeader = match ? Number(match[1]) : 0;
    if (fromHeader < 1) {
      throw new InputError('If-Match: must carry the version you read, e.g. If-Match: "3"');
    }
  }
  if (given !== undefined && fromHeader !== undefined && given !== fromHeader) {
    throw new InputError(`version: ${given} differs from If-Match ${fromHeader}; send the version you read once`);
  }
  const version = given ?? fromHeader;
  if (version === undefined) {
    throw new InputError('version: is required: the version you read (query or body `version`, or an If-Match header)');
  }
  return version;
}
