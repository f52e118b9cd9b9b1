import { InputError } from '@backstage/errors';
import type express from 'express';
import { textProblem } from './forbiddenKeys';

/**
 * Checks the path parameters of a request before routing, against the API's path templates (`/records/{id}`):
 * a segment that is not valid percent-encoding (Express answered "Failed to decode param '%zz'", naming nothing)
 * or that decodes to text a database cannot take (U+0000 was a 500 on PostgreSQL) is refused with a 400 naming
 * the parameter (`id: is not valid percent-encoding`), or `path` outside the templates.
 */
export function pathParameterGuard(templates: readonly string[]): express.RequestHandler {
  const patterns = templates.map(template => template.split('/'));
  return (req, _res, next) => {
    const segments = req.path.split('/');
    const pattern = patterns.find(
      parts =>
        parts.length === segments.length && parts.every((part, i) => part.startsWith('{') || part === segments[i]),
    );
    for (const [i, segment] of segments.entries()) {
      const problem = segmentProblem(segment);
      if (problem) {
        const part = pattern?.[i];
        const name = part?.startsWith('{') ? part.slice(1, -1) : 'path';
        next(new InputError(`${name}: ${problem}`));
        return;
      }
    }
    next();
  };
}

function segmentProblem(segment: string): string | undefined {
  if (!segment.includes('%')) return textProblem(segment);
  try {
    return textProblem(decodeURIComponent(segment));
  } catch {
    return 'is not valid percent-encoding';
  }
}
