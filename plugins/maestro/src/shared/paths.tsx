import { createContext, ReactNode, useContext, useMemo } from 'react';

/** Where the new frontend system mounts the Maestro page (an app on the legacy system chooses its own). */
export const MAESTRO_PAGE_PATH = '/maestro';

/**
 * The entity tabs Maestro adds to its entities' pages, relative to the entity's page: the Maestro tab (the
 * record, its history and actions) and the Details tab.
 */
export const ENTITY_TAB_PATHS = { maestro: '/maestro', details: '/details', dependencies: '/dependencies' } as const;

/** Paths of the Maestro pages, absolute, under wherever the Maestro page is mounted (`/maestro` in the app). */
export interface MaestroPaths {
  /** Where the Maestro page is mounted, with a trailing slash (`/maestro/`). */
  base: string;
  overview: string;
  /** The inventory page of a kind (`/maestro/inventory/server`). */
  inventory: (kind: string) => string;
  history: string;
  /** The saved reports (`/maestro/reports`), a new one's form, one's form and one's result. */
  reports: string;
  newReport: string;
  editReport: (id: string) => string;
  report: (id: string) => string;
  settings: string;
  /** The saved business graphs (`/maestro/graphs`), a new one's form and one graph's page. */
  graphs: string;
  newGraph: string;
  graph: (id: string) => string;
  /** The discovery connections (`/maestro/discovery`). */
  discovery: string;
  /** One discovery connection (`/maestro/discovery/aws-prod`), where the backend's notifications link to. */
  discoveryConnection: (id: string) => string;
  /** The dependency maker (`/maestro/dependencies`), optionally opened at an entry (`?entry=system:default/shop`). */
  dependencies: (entry?: string) => string;
  /** The jobs (`/maestro/jobs`), a new one's form, one job's page (with its run log) and its form. */
  jobs: string;
  newJob: string;
  job: (id: string) => string;
  editJob: (id: string) => string;
  /** The event rules (`/maestro/jobs/rules`), a new one's form, one rule's page (with its deliveries) and its form. */
  rules: string;
  newRule: string;
  rule: (id: string) => string;
  editRule: (id: string) => string;
}

/** The URL segment of a kind: its name in lower case (`LoadBalancer` → `loadbalancer`). */
export const kindSlug = (kind: string) => kind.toLocaleLowerCase('en-US');

export function maestroPaths(base: string): MaestroPaths {
  const root = base.endsWith('/') ? base : `${base}/`;
  return {
    base: root,
    overview: root,
    inventory: kind => `${root}inventory/${kindSlug(kind)}`,
    history: `${root}history`,
    reports: `${root}reports`,
    newReport: `${root}reports/new`,
    editReport: id => `${root}reports/${encodeURIComponent(id)}/edit`,
    report: id => `${root}reports/${encodeURIComponent(id)}`,
    settings: `${root}settings`,
    graphs: `${root}graphs`,
    newGraph: `${root}graphs/new`,
    graph: id => `${root}graphs/${encodeURIComponent(id)}`,
    discovery: `${root}discovery`,
    discoveryConnection: id => `${root}discovery/${encodeURIComponent(id)}`,
    dependencies: entry => `${root}dependencies${entry ? `?entry=${encodeURIComponent(entry)}` : ''}`,
    jobs: `${root}jobs`,
    newJob: `${root}jobs/new`,
    job: id => `${root}jobs/${encodeURIComponent(id)}`,
    editJob: id => `${root}jobs/${encodeURIComponent(id)}/edit`,
    rules: `${root}jobs/rules`,
    newRule: `${root}jobs/rules/new`,
    rule: id => `${root}jobs/rules/${encodeURIComponent(id)}`,
    editRule: id => `${root}jobs/rules/${encodeURIComponent(id)}/edit`,
  };
}

const MaestroPathsContext = createContext<MaestroPaths>(maestroPaths('/'));

export function MaestroPathsProvider(props: { base: string; children: ReactNode }) {
  const value = useMemo(() => maestroPaths(props.base), [props.base]);
  return <MaestroPathsContext.Provider value={value}>{props.children}</MaestroPathsContext.Provider>;
}

/** The paths of the Maestro pages, for links between them. */
export function useMaestroPaths(): MaestroPaths {
  return useContext(MaestroPathsContext);
}
