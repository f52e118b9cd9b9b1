import { useState } from 'react';
import { InventoryRecord, MAESTRO_KINDS } from '@maestro/plugin-maestro-common';
import Button from '@material-ui/core/Button';
import TextField from '@material-ui/core/TextField';
import AddIcon from '@material-ui/icons/Add';
import { RecordForm } from '../RecordForm';

/**
 * The "Kind" selector and the "Create" button, which opens the record form for the selected kind. The kind is
 * kept here unless `onKindChange` is given (the inventory page, where the selector switches the page's kind).
 */
export function CreateRecord(props: {
  /** The kind selected first, or the selected kind when `onKindChange` is given. */
  kind?: string;
  onKindChange?: (kind: string) => void;
  onCreated: (record: InventoryRecord) => void;
}) {
  const { onKindChange, onCreated } = props;
  const [ownKind, setOwnKind] = useState<string>(props.kind ?? 'Server');
  const kind = onKindChange ? props.kind ?? 'Server' : ownKind;
  const [open, setOpen] = useState(false);
  return (
    <>
      <TextField
        id="maestro-create-kind"
        select
        label="Kind"
        value={kind}
        onChange={e => (onKindChange ?? setOwnKind)(e.target.value)}
        SelectProps={{ native: true }}
        variant="outlined"
        margin="dense"
        style={{ minWidth: 160, marginRight: 8 }}
      >
        {Object.keys(MAESTRO_KINDS).map(k => (
          <option key={k} value={k}>
            {k}
          </option>
        ))}
      </TextField>
      <Button
        variant="contained"
        color="primary"
        startIcon={<AddIcon />}
        onClick={() => setOpen(true)}
        style={{ marginTop: 4 }}
      >
        Create
      </Button>
      <RecordForm
        open={open}
        kind={kind}
        onClose={() => setOpen(false)}
        onSaved={record => {
          setOpen(false);
          onCreated(record);
        }}
      />
    </>
  );
}
