import { ReactNode, useState } from 'react';
import { InfoCard } from '@backstage/core-components';
import type { MaestroSettingsKey } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Divider from '@material-ui/core/Divider';
import Typography from '@material-ui/core/Typography';
import HistoryIcon from '@material-ui/icons/History';
import RefreshIcon from '@material-ui/icons/Refresh';
import SaveIcon from '@material-ui/icons/Save';
import { SettingHistory } from './SettingHistory';
import { useSettingEditor } from './useSettingEditor';

/** The frame of a settings section: title, version, the editor, Save and (after a 409) Reload. */
export function SettingSection(props: {
  settingKey: MaestroSettingsKey;
  title: string;
  description: string;
  editor: ReturnType<typeof useSettingEditor<any, any>>;
  children: ReactNode;
}) {
  const { editor } = props;
  const { saved, status, working } = editor;
  const [showHistory, setShowHistory] = useState(false);
  const subheader = `${props.description} · version ${editor.version}${
    saved.version === 0 ? ' (defaults, never saved)' : ''
  }${saved.updatedBy ? ` · last saved by ${saved.updatedBy}` : ''}`;
  return (
    <InfoCard title={props.title} subheader={subheader}>
      <Box data-testid={`maestro-settings-${props.settingKey}`}>
        {props.children}
        <Divider style={{ margin: '16px 0' }} />
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Button variant="contained" color="primary" startIcon={<SaveIcon />} onClick={editor.save} disabled={working}>
            Save
          </Button>
          <Button
            startIcon={<HistoryIcon />}
            onClick={() => setShowHistory(shown => !shown)}
            aria-expanded={showHistory}
          >
            {showHistory ? 'Hide history' : 'History'}
          </Button>
          {status?.stale && (
            <Button startIcon={<RefreshIcon />} onClick={editor.reload} disabled={working}>
              Reload
            </Button>
          )}
          {status && (
            <Typography
              role={status.severity === 'error' ? 'alert' : 'status'}
              color={status.severity === 'error' ? 'error' : 'textSecondary'}
              variant="body2"
            >
              {status.message}
            </Typography>
          )}
        </Box>
        {showHistory && (
          <Box mt={2}>
            <SettingHistory settingKey={props.settingKey} refreshKey={saved.version} />
          </Box>
        )}
      </Box>
    </InfoCard>
  );
}
