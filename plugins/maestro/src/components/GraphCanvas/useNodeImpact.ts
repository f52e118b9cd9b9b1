import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { parseEntityRef } from '@backstage/catalog-model';
import type { GraphView, GraphViewNode, NodeImpact, ServerFailureImpact } from '@maestro/plugin-maestro-common';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError } from '../../shared/apiErrors';
import { clientImpact } from './clientImpact';
import type { GraphHighlight } from './GraphCanvas';

/** What {@link useNodeImpact} gives the page: the selection, its impact and the canvas's highlight. */
export interface NodeImpactState {
  selected?: GraphViewNode;
  select: (node: GraphViewNode | undefined) => void;
  impact?: NodeImpact;
  serverImpact?: ServerFailureImpact;
  error?: string;
  highlight?: GraphHighlight;
  entityHref?: string;
  nameOf: (key: string) => string;
}

/**
 * The impact analysis of the node selected on a view: from the saved graph's routes (`/impact`, and
 * `/server-impact` for a server) when `graphId` is given, else computed from the view's edges.
 */
export function useNodeImpact(view: GraphView | undefined, graphId?: string): NodeImpactState {
  const api = useApi(graphsApiRef);
  const entityRoute = useRouteRef(entityRouteRef);
  const [selected, setSelected] = useState<GraphViewNode>();
  const [impact, setImpact] = useState<NodeImpact>();
  const [serverImpact, setServerImpact] = useState<ServerFailureImpact>();
  const [error, setError] = useState<string>();

  useEffect(() => setSelected(undefined), [view]);
  useEffect(() => {
    setImpact(undefined);
    setServerImpact(undefined);
    setError(undefined);
    if (!selected || !view) return undefined;
    if (!graphId) {
      setImpact(clientImpact(view, selected.key));
      return undefined;
    }
    let live = true;
    const fail = (e: unknown) => live && setError(describeApiError(e).message);
    api.getNodeImpact(graphId, selected.key).then(r => live && setImpact(r), fail);
    if (selected.kind.toLocaleLowerCase('en-US') === 'server') {
      api.getServerImpact(graphId, selected.key).then(r => live && setServerImpact(r), fail);
    }
    return () => {
      live = false;
    };
  }, [api, graphId, selected, view]);

  const names = useMemo(() => new Map((view?.nodes ?? []).map(n => [n.key, n.title ?? n.name])), [view]);
  const nameOf = useCallback((key: string) => names.get(key) ?? key, [names]);
  const highlight = useMemo<GraphHighlight | undefined>(
    () =>
      selected
        ? {
            selected: selected.key,
            upstream: new Set(impact?.upstream.map(i => i.key)),
            downstream: new Set(impact?.downstream.map(i => i.key)),
          }
        : undefined,
    [selected, impact],
  );
  let entityHref: string | undefined;
  if (selected && !selected.missing) {
    try {
      const ref = parseEntityRef(selected.key);
      entityHref = entityRoute({ kind: ref.kind, namespace: ref.namespace, name: ref.name });
    } catch {
      entityHref = undefined;
    }
  }
  return { selected, select: setSelected, impact, serverImpact, error, highlight, entityHref, nameOf };
}
