import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { DEFAULT_MAESTRO_SETTINGS, MaestroSettingsKey } from '@maestro/plugin-maestro-common';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';
import { maestroApiRef } from '../../api';
import { describeSettingChange } from './settingChanges';

/**
 * The saved versions of a setting, newest first: who saved each, when, and what it changed compared with the
 * version before it (the first save is compared with the defaults). `refreshKey` reloads it after a save.
 */
export function SettingHistory(props: { settingKey: MaestroSettingsKey; refreshKey: number }) {
  const api = useApi(maestroApiRef);
  const { settingKey, refreshKey } = props;
  const { value, loading, error } = useAsync(
    () => api.getSettingHistory(settingKey, { limit: 50 }),
    [api, settingKey, refreshKey],
  );
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  const items = value?.items ?? [];
  if (items.length === 0) {
    return <Typography variant="body2">Never saved: the defaults apply.</Typography>;
  }
  return (
    <Table size="small" aria-label={`History of ${settingKey}`}>
      <TableHead>
        <TableRow>
          <TableCell>Version</TableCell>
          <TableCell>Saved</TableCell>
          <TableCell>By</TableCell>
          <TableCell>Changes</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {items.map((item, i) => {
          const previous =
            items[i + 1]?.value ?? (item.version === 1 ? DEFAULT_MAESTRO_SETTINGS[settingKey] : undefined);
          const changes =
            previous === undefined ? ['(earlier versions not shown)'] : describeSettingChange(previous, item.value);
          return (
            <TableRow key={item.version}>
              <TableCell>{item.version}</TableCell>
              <TableCell>{item.updatedAt ? new Date(item.updatedAt).toLocaleString() : ''}</TableCell>
              <TableCell>{item.updatedBy}</TableCell>
              <TableCell>{changes.length ? changes.join('; ') : 'no change'}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
