import { Route, Routes, useLocation } from 'react-router-dom';
import type { ApiRef } from '@backstage/core-plugin-api';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { DEFAULT_MAESTRO_SETTINGS, InventoryRecord, MAESTRO_SETTINGS_KEYS } from '@maestro/plugin-maestro-common';
import { MaestroApi, maestroApiRef } from '../api';
import { MaestroPage } from '../components/MaestroPage';

/** A record as the backend returns it. */
export function makeRecord(
  kind: string,
  name: string,
  spec: Record<string, any> = {},
  extra: Partial<InventoryRecord> = {},
): InventoryRecord {
  return {
    id: `${kind}-${name}`,
    kind,
    name,
    owner: 'group:default/platform',
    spec,
    version: 1,
    active: true,
    source: 'manual',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/a',
    updatedBy: 'user:default/a',
    ...extra,
  };
}

/** An error as `MaestroClient` throws it for an error answer of the backend (a `ResponseError`). */
export function responseError(status: number, message: string): Error {
  const error: any = new Error(`Request failed with ${status}`);
  error.name = 'ResponseError';
  error.body = { error: { name: 'Error', message }, response: { statusCode: status } };
  error.response = { status };
  return error;
}

/** A fake MaestroApi: every method is a jest mock; the reads answer empty results unless overridden. */
export function fakeMaestroApi(overrides: Partial<Record<keyof MaestroApi, jest.Mock>> = {}): jest.Mocked<MaestroApi> {
  return {
    getSummary: jest.fn(async () => ({
      kinds: [],
      environments: [],
      services: [],
      latestServers: [],
      latestApplications: [],
    })),
    listRecords: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getRecord: jest.fn(),
    getHistory: jest.fn(async () => ({ items: [] })),
    searchHistory: jest.fn(async () => ({ items: [] })),
    createRecord: jest.fn(),
    updateRecord: jest.fn(),
    deleteRecord: jest.fn(),
    restoreRecord: jest.fn(),
    revertRecord: jest.fn(),
    listKinds: jest.fn(),
    getSettings: jest.fn(async () => ({
      items: MAESTRO_SETTINGS_KEYS.map(key => ({ key, value: DEFAULT_MAESTRO_SETTINGS[key], version: 0 })),
    })),
    updateSetting: jest.fn(),
    getSettingHistory: jest.fn(async () => ({ items: [] })),
    getDiscoveryProviders: jest.fn(async () => ({ canStoreSecrets: true, items: [] })),
    getAwsDiscoveryPolicy: jest.fn(async () => ({ Version: '2012-10-17', Statement: [] })),
    listDiscoveryConnections: jest.fn(async () => ({ items: [] })),
    getDiscoveryConnection: jest.fn(),
    createDiscoveryConnection: jest.fn(),
    updateDiscoveryConnection: jest.fn(),
    deleteDiscoveryConnection: jest.fn(async () => undefined),
    syncDiscoveryConnection: jest.fn(async () => ({ requested: [], requestedAt: new Date().toISOString() })),
    getReportFields: jest.fn(async () => ({ kinds: [] })),
    listReports: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getReport: jest.fn(),
    createReport: jest.fn(),
    updateReport: jest.fn(),
    deleteReport: jest.fn(async () => undefined),
    duplicateReport: jest.fn(),
    getOverviewCharts: jest.fn(async () => ({ charts: [], durationMs: 0, computedAt: new Date().toISOString() })),
    getReportTrend: jest.fn(async () => ({ points: [] })),
    startReportRun: jest.fn(),
    listReportRuns: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getReportRun: jest.fn(),
    downloadReportRun: jest.fn(),
    getReportResults: jest.fn(async () => ({
      report: { id: 'r', name: 'r', type: 'single', version: 1 },
      kind: 'Server',
      columns: [],
      rows: [],
      totalCount: 0,
      scanned: 0,
      durationMs: 0,
    })),
    compareReport: jest.fn(),
    exportReport: jest.fn(),
    commitDependencies: jest.fn(),
    ...overrides,
  } as jest.Mocked<MaestroApi>;
}

/** Shows the current location, for tests of navigation. */
function LocationDisplay() {
  const location = useLocation();
  return <div data-testid="location">{`${location.pathname}${location.search}`}</div>;
}

/**
 * Renders the Maestro page mounted at /maestro (as in the app: a splat route), at `path`, with the catalog's
 * entity route mounted so that entity links resolve. `otherApis` adds implementations of other APIs (the
 * signals API…).
 */
export function renderMaestroPage(
  api: MaestroApi,
  path = '/maestro',
  otherApis: ReadonlyArray<readonly [ApiRef<any>, any]> = [],
) {
  return renderInTestApp(
    <TestApiProvider apis={[[maestroApiRef, api], ...otherApis] as any}>
      <Routes>
        <Route path="/maestro/*" element={<MaestroPage />} />
      </Routes>
      <LocationDisplay />
    </TestApiProvider>,
    {
      routeEntries: [path],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}
