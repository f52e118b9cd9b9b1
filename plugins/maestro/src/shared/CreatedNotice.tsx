import type { InventoryRecord } from '@maestro/plugin-maestro-common';
import IconButton from '@material-ui/core/IconButton';
import Typography from '@material-ui/core/Typography';
import CloseIcon from '@material-ui/icons/Close';
import { RecordLink } from './RefLink';

/** "Created Server web-09" with a link to the new entity, after a create. */
export function CreatedNotice(props: { record?: InventoryRecord; onDismiss: () => void }) {
  const { record, onDismiss } = props;
  if (!record) return null;
  return (
    <Typography role="status" data-testid="maestro-created" style={{ marginBottom: 16 }}>
      Created {record.kind} <RecordLink record={{ kind: record.kind, name: record.name, spec: record.spec }} />
      <IconButton size="small" aria-label="Dismiss" onClick={onDismiss}>
        <CloseIcon fontSize="small" />
      </IconButton>
    </Typography>
  );
}
