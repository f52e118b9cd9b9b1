import { KeyboardEvent, ReactNode, useEffect, useRef, useState } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { InventoryRecord, searchMatchOf } from '@maestro/plugin-maestro-common';
import Chip from '@material-ui/core/Chip';
import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Paper from '@material-ui/core/Paper';
import Popper from '@material-ui/core/Popper';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { maestroApiRef } from '../../api';
import { parseRef } from '../../shared/RefLink';

/** Time after the last keystroke before the records are searched. */
export const REF_SEARCH_DELAY_MS = 250;
/** Records offered at most. */
export const REF_SEARCH_LIMIT = 20;

const useStyles = makeStyles(theme => ({
  popper: { zIndex: theme.zIndex.modal + 1 },
  listbox: { maxHeight: 320, overflowY: 'auto' },
  option: {
    cursor: 'pointer',
    '&:hover': { backgroundColor: theme.palette.action.hover },
  },
  chips: { flexWrap: 'wrap', gap: theme.spacing(0.5) },
  chipsInput: { flexGrow: 1, width: 0, minWidth: 120 },
}));

/** A record offered by a picker: its ref (the value), and what is shown. */
export interface RefOption {
  ref: string;
  label: string;
  /** Facts that tell records apart (a server's hostname and IPs, a volume's size and type), shown beside the ref. */
  detail?: string;
  /** Why the record matched when its name and title do not show it (`private IP 10.0.1.13`). */
  match?: string;
}

/**
 * The facts of a record a picker shows beside its ref: a server's hostname and IPs, a volume's size and type, the
 * environment (those it has, the name left out).
 */
export function factsOf(
  record: Pick<InventoryRecord, 'spec'> & { name?: string },
  /** what the option already says (why it matched): facts it contains are not repeated */
  shown = '',
): string | undefined {
  const spec = (record.spec ?? {}) as Record<string, unknown>;
  const facts = [
    spec.hostname,
    spec.ipv4Private,
    spec.ipv4Public,
    typeof spec.sizeGb === 'number' ? `${spec.sizeGb} GB` : undefined,
    spec.volumeType,
    spec.environment,
  ].filter(
    (f, i, all): f is string =>
      typeof f === 'string' && f !== '' && f !== record.name && !shown.includes(f) && all.indexOf(f) === i,
  );
  return facts.length ? facts.join(' · ') : undefined;
}

/** The ref a picker offers for a record, as the refs of the seed data are written: `server:default/web-01`. */
export function refOf(record: Pick<InventoryRecord, 'kind' | 'name'>): string {
  return stringifyEntityRef({ kind: record.kind, namespace: 'default', name: record.name });
}

/** The part of a typed ref to search for: the name (`server:default/web` → `web`). */
export function searchTermOf(text: string): string {
  let term = text.trim();
  if (term.includes(':')) term = term.slice(term.indexOf(':') + 1);
  if (term.includes('/')) term = term.slice(term.indexOf('/') + 1);
  return term;
}

/** The refs of a list field's value, in the form's state: values separated by commas. */
export function splitRefs(value: string): string[] {
  return value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/** A ref in full form, to tell whether two refs name the same entity (`web-01` and `server:default/web-01`). */
function sameEntity(kind: string) {
  return (ref: string) => {
    const parsed = parseRef(ref, kind);
    return parsed ? stringifyEntityRef(parsed) : ref;
  };
}

/**
 * Records of `kind` whose name, title, hostname, IP, provider id or tags contain `search`, asked from the Maestro API `REF_SEARCH_DELAY_MS`
 * after the last change while `active`; an answer that came too late (the search changed) is dropped.
 */
function useRefOptions(kind: string, search: string, active: boolean, filters?: Record<string, string>) {
  // a key, not the object: a new object with the same filters each render must not search again
  const filterKey = JSON.stringify(filters ?? {});
  const api = useApi(maestroApiRef);
  const [state, setState] = useState<{ options: RefOption[]; loading: boolean; failed: boolean }>({
    options: [],
    loading: false,
    failed: false,
  });

  useEffect(() => {
    if (!active) return undefined;
    const controller = new AbortController();
    setState(s => (s.loading ? s : { ...s, loading: true }));
    const timer = setTimeout(() => {
      const query = {
        kind,
        q: search || undefined,
        limit: REF_SEARCH_LIMIT,
        ...(filterKey === '{}' ? {} : { filters: JSON.parse(filterKey) }),
      };
      api.listRecords(query, { signal: controller.signal }).then(
        response => {
          if (controller.signal.aborted) return;
          const options = (response.items ?? []).map(r => {
            const match = searchMatchOf(r, search);
            return {
              ref: refOf(r),
              label: r.title && r.title !== r.name ? `${r.title} (${r.name})` : r.name,
              match,
              detail: factsOf(r, match),
            };
          });
          setState({ options, loading: false, failed: false });
        },
        () => {
          if (!controller.signal.aborted) setState({ options: [], loading: false, failed: true });
        },
      );
    }, REF_SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, kind, search, active, filterKey]);

  return state;
}

/** The facts ({@link factsOf}) of the record a single picker holds, looked up when `enabled` (a volume's size). */
function useChosenFacts(kind: string, value: string, enabled: boolean): string | undefined {
  const api = useApi(maestroApiRef);
  const [facts, setFacts] = useState<{ ref: string; text?: string }>();
  useEffect(() => {
    if (!enabled || !value.trim()) return undefined;
    const controller = new AbortController();
    const wanted = sameEntity(kind)(value.trim());
    const timer = setTimeout(() => {
      api.listRecords({ kind, q: searchTermOf(value), limit: 5 }, { signal: controller.signal }).then(
        response => {
          const record = (response.items ?? []).find(r => sameEntity(kind)(refOf(r)) === wanted);
          if (!controller.signal.aborted) setFacts({ ref: value, text: record && factsOf(record) });
        },
        () => undefined,
      );
    }, REF_SEARCH_DELAY_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [api, kind, value, enabled]);
  return facts?.ref === value ? facts.text : undefined;
}

/** Props of {@link RefPicker}. */
export interface RefPickerProps {
  /** Id of the input (the label points to it, errors are described on it). */
  id: string;
  label: string;
  /** Kind of the entities referred to, searched in the Maestro store (e.g. `Datacenter`). */
  kind: string;
  required?: boolean;
  disabled?: boolean;
  error?: boolean;
  helperText?: ReactNode;
  /** Only records whose top-level spec fields have these values (`{ environment: 'production' }`). */
  filters?: Record<string, string>;
  /** Accessible name when the visible label is not enough (a sub-field of a row: `storage 2 volume`). */
  ariaLabel?: string;
  /** Values offered instead of searching the records (regions of the settings); others may still be typed. */
  choices?: RefOption[];
  /** Shows the facts of the chosen record under a single picker (a volume's size and type). */
  showChosenFacts?: boolean;
}

/**
 * A text field that offers the records of a kind while typing (a combobox, searching the Maestro API) and still
 * takes any text, for refs to catalog entities the Maestro store does not hold. `multiple` holds a list of refs
 * as chips: a chosen record, or the typed text on Enter, comma or leaving the field, becomes a chip.
 */
export function RefPicker(
  props: RefPickerProps &
    (
      | { multiple?: false; value: string; onChange: (value: string) => void }
      | { multiple: true; value: string[]; onChange: (value: string[]) => void }
    ),
) {
  const { id, label, kind, required, disabled, error, helperText, filters, ariaLabel, choices } = props;
  const classes = useStyles();
  const [draft, setDraft] = useState('');
  const [focused, setFocused] = useState(false);
  const [open, setOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);
  const anchorRef = useRef<HTMLDivElement | null>(null);
  const normalize = sameEntity(kind);

  const values = props.multiple ? props.value : [];
  const text = props.multiple ? draft : props.value;
  const searched = useRefOptions(kind, searchTermOf(text), open && !disabled && !choices, filters);
  const {
    options: found,
    loading,
    failed,
  } = choices
    ? {
        options: choices.filter(c => c.ref.toLowerCase().includes(text.trim().toLowerCase())),
        loading: false,
        failed: false,
      }
    : searched;
  const chosenFacts = useChosenFacts(kind, props.multiple ? '' : props.value, !!props.showChosenFacts && !disabled);
  const noun = choices ? 'offered value' : `${kind} record`;
  const taken = new Set(values.map(normalize));
  const options = found.filter(o => !taken.has(normalize(o.ref)));
  const listId = `${id}-listbox`;
  const optionId = (i: number) => `${id}-option-${i}`;
  const expanded = open && !disabled;

  useEffect(() => setHighlight(-1), [found]);

  const setList = (next: string[]) => {
    if (props.multiple) props.onChange(next);
  };
  /** Adds refs to a list, leaving out those it holds. */
  const add = (refs: string[]) => {
    const next = [...values];
    const seen = new Set(values.map(normalize));
    for (const ref of refs) {
      if (!seen.has(normalize(ref))) {
        seen.add(normalize(ref));
        next.push(ref);
      }
    }
    setList(next);
  };
  const commitDraft = () => {
    if (props.multiple && draft.trim()) {
      add(splitRefs(draft));
      setDraft('');
    }
  };

  const choose = (option: RefOption) => {
    if (props.multiple) {
      add([option.ref]);
      setDraft('');
    } else {
      props.onChange(option.ref);
      setOpen(false);
    }
    setHighlight(-1);
  };

  const onTextChange = (next: string) => {
    setOpen(true);
    if (!props.multiple) {
      props.onChange(next);
      return;
    }
    // a comma ends a ref: what comes before it becomes chips
    if (next.includes(',')) {
      const parts = next.split(',');
      add(splitRefs(parts.slice(0, -1).join(',')));
      setDraft(parts[parts.length - 1].trimStart());
    } else {
      setDraft(next);
    }
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp': {
        event.preventDefault();
        if (!open) {
          setOpen(true);
          return;
        }
        if (options.length === 0) return;
        if (event.key === 'ArrowDown') setHighlight(h => (h + 1) % options.length);
        else setHighlight(h => (h <= 0 ? options.length - 1 : h - 1));
        return;
      }
      case 'Enter':
        if (expanded && highlight >= 0 && highlight < options.length) {
          event.preventDefault();
          choose(options[highlight]);
        } else if (props.multiple && draft.trim()) {
          // adds the typed ref instead of submitting the form
          event.preventDefault();
          commitDraft();
        }
        return;
      case 'Escape':
        if (expanded) {
          // closes the suggestions, not the dialog
          event.preventDefault();
          event.stopPropagation();
          setOpen(false);
        }
        return;
      case 'Backspace':
        if (props.multiple && draft === '' && values.length > 0) setList(values.slice(0, -1));
        return;
      default:
    }
  };

  const chips = props.multiple
    ? values.map((ref, i) => (
        <Chip
          key={`${i}-${ref}`}
          size="small"
          label={ref}
          disabled={disabled}
          onDelete={disabled ? undefined : () => setList(values.filter((_, j) => j !== i))}
        />
      ))
    : undefined;

  const showList = expanded && (options.length > 0 || loading || failed || !!searchTermOf(text));
  let status: string | undefined;
  if (options.length === 0) {
    if (loading) status = `Searching ${noun}s…`;
    else if (failed) status = `${noun}s could not be searched; the text typed is kept`;
    else status = `No ${noun} matches; the text typed is kept${choices ? '' : ' as the ref'}`;
  }

  return (
    <>
      <TextField
        id={id}
        label={label}
        value={text}
        onChange={e => onTextChange(e.target.value)}
        onFocus={() => {
          setFocused(true);
          setOpen(true);
        }}
        onBlur={() => {
          setFocused(false);
          setOpen(false);
          commitDraft();
        }}
        required={required}
        error={error}
        helperText={chosenFacts && !error ? `${chosenFacts}${helperText ? ` — ${helperText}` : ''}` : helperText}
        disabled={disabled}
        fullWidth
        variant="outlined"
        margin="dense"
        InputLabelProps={props.multiple ? { shrink: focused || draft !== '' || values.length > 0 } : undefined}
        InputProps={{
          ref: anchorRef,
          startAdornment: chips,
          className: props.multiple ? classes.chips : undefined,
        }}
        inputProps={{
          role: 'combobox',
          'aria-label': ariaLabel,
          autoComplete: 'off',
          'aria-autocomplete': 'list',
          'aria-expanded': showList,
          'aria-controls': showList ? listId : undefined,
          'aria-activedescendant': showList && highlight >= 0 ? optionId(highlight) : undefined,
          // a list's refs are chips, not the input's text: the browser must not call a filled list empty
          ...(props.multiple ? { required: false } : {}),
          className: props.multiple ? classes.chipsInput : undefined,
          onKeyDown,
        }}
      />
      <Popper
        open={showList}
        anchorEl={anchorRef.current}
        placement="bottom-start"
        className={classes.popper}
        // at least wide enough for a ref and its facts, also under a narrow column of a row
        style={{ width: Math.max(anchorRef.current?.clientWidth ?? 0, 320) }}
      >
        <Paper elevation={8}>
          {options.length > 0 ? (
            <List id={listId} role="listbox" aria-label={`${label}: ${noun}s`} dense className={classes.listbox}>
              {options.map((option, i) => (
                <ListItem
                  key={option.ref}
                  id={optionId(i)}
                  role="option"
                  aria-selected={i === highlight}
                  selected={i === highlight}
                  className={classes.option}
                  // keeps the focus in the input (and the chips of a list) when an option is clicked
                  onMouseDown={e => e.preventDefault()}
                  onClick={() => choose(option)}
                >
                  <ListItemText
                    primary={option.label}
                    secondary={[option.ref === option.label ? '' : option.ref, option.match, option.detail]
                      .filter(Boolean)
                      .join(' · ')}
                  />
                </ListItem>
              ))}
            </List>
          ) : (
            <Typography id={listId} role="status" variant="body2" color="textSecondary" style={{ padding: 12 }}>
              {status}
            </Typography>
          )}
        </Paper>
      </Popper>
    </>
  );
}
