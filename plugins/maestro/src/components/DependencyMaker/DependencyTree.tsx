import type { DependencyTarget, InventoryRecord } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Chip from '@material-ui/core/Chip';
import IconButton from '@material-ui/core/IconButton';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import AddIcon from '@material-ui/icons/Add';
import CloseIcon from '@material-ui/icons/Close';
import ExpandMoreIcon from '@material-ui/icons/ExpandMore';
import ChevronRightIcon from '@material-ui/icons/ChevronRight';
import { APPLICATION_KINDS, draftDependencies, keyOfRef, MakerDraft, shortName } from './makerDraft';

const useStyles = makeStyles(theme => ({
  row: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    minHeight: 36,
    borderLeft: `2px solid ${theme.palette.divider}`,
    paddingLeft: theme.spacing(0.5),
  },
  changed: { borderLeftColor: theme.palette.warning.main },
  name: { fontWeight: 500 },
  spacer: { width: 30 },
}));

/** What the tree needs to draw and edit: the records read so far, the draft, what is expanded, the actions. */
export interface DependencyTreeProps {
  /** The first level (a system's entry applications, or the chosen application). */
  roots: DependencyTarget[];
  records: ReadonlyMap<string, InventoryRecord | null>;
  draft: MakerDraft;
  expanded: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onAdd: (record: InventoryRecord) => void;
  onRemove: (record: InventoryRecord, key: string) => void;
  /** Problems the backend reported, by record id (shown beside the record). */
  problems: ReadonlyMap<string, string>;
  disabled?: boolean;
}

/** The refs the tree shows as it is expanded now (each one needs its record read). */
export function visibleRefs(props: Pick<DependencyTreeProps, 'roots' | 'records' | 'draft' | 'expanded'>): string[] {
  const refs: string[] = [];
  const walk = (targets: DependencyTarget[], path: Set<string>) => {
    for (const target of targets) {
      refs.push(target.ref);
      const key = keyOfRef(target.ref);
      const record = key ? props.records.get(key) : undefined;
      if (!key || !record || path.has(key) || !props.expanded.has(key)) continue;
      walk(draftDependencies(props.draft, record), new Set([...path, key]));
    }
  };
  walk(props.roots, new Set());
  return refs;
}

function TreeNode(
  props: DependencyTreeProps & { target: DependencyTarget; parent?: InventoryRecord; depth: number; path: Set<string> },
) {
  const { target, parent, depth, path, records, draft, expanded, onToggle, onAdd, onRemove, problems, disabled } =
    props;
  const classes = useStyles();
  const key = keyOfRef(target.ref) ?? target.ref;
  const record = records.get(key);
  const isApplication = !!record && APPLICATION_KINDS.includes(record.kind);
  const children = record && isApplication ? draftDependencies(draft, record) : [];
  const inCycle = path.has(key);
  const open = expanded.has(key) && !inCycle;
  const name = shortName(target.ref);
  const problem = record ? problems.get(record.id) : undefined;
  let status: string | undefined;
  if (record === null) status = 'not an active Maestro record';
  else if (record === undefined) status = 'loading…';
  else if (inCycle) status = 'cycle: already above';

  return (
    <Box data-testid={`maker-node-${name}`} role="treeitem" aria-expanded={children.length ? open : undefined}>
      <Box
        className={`${classes.row} ${record && draft.has(record.id) ? classes.changed : ''}`}
        style={{ marginLeft: depth * 24 }}
      >
        {children.length > 0 && !inCycle ? (
          <IconButton size="small" aria-label={`${open ? 'Collapse' : 'Expand'} ${name}`} onClick={() => onToggle(key)}>
            {open ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
          </IconButton>
        ) : (
          <span className={classes.spacer} />
        )}
        <Typography className={classes.name}>{record?.title ?? name}</Typography>
        {record && record.kind !== 'Component' && <Chip size="small" label={record.kind} />}
        {target.protocol && <Chip size="small" variant="outlined" label={target.protocol} />}
        {status && (
          <Typography variant="caption" color="textSecondary">
            {status}
          </Typography>
        )}
        <Box flexGrow={1} />
        {isApplication && (
          <Tooltip title={`Add a dependency to ${name}`}>
            <span>
              <IconButton
                size="small"
                aria-label={`Add a dependency to ${name}`}
                onClick={() => onAdd(record!)}
                disabled={disabled}
              >
                <AddIcon fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        )}
        {parent && (
          <Tooltip title={`Remove ${shortName(parent.name)} → ${name}`}>
            <span>
              <IconButton
                size="small"
                aria-label={`Remove the dependency of ${parent.name} on ${name}`}
                onClick={() => onRemove(parent, key)}
                disabled={disabled}
              >
                <CloseIcon fontSize="small" />
              </IconButton>
            </span>
          </Tooltip>
        )}
      </Box>
      {problem && (
        <Typography variant="caption" color="error" style={{ marginLeft: depth * 24 + 34 }} role="alert">
          {problem}
        </Typography>
      )}
      {open &&
        children.map(child => (
          <TreeNode
            {...props}
            key={keyOfRef(child.ref) ?? child.ref}
            target={child}
            parent={record!}
            depth={depth + 1}
            path={new Set([...path, key])}
          />
        ))}
    </Box>
  );
}

/**
 * The applications as a tree: the entry applications, then what each depends on, level by level (expand a node to
 * see the next level). Each application has a "+" to add a dependency, each dependency an "×" to remove it; a node
 * already above it on its path is shown once more as a cycle and not expanded.
 */
export function DependencyTree(props: DependencyTreeProps) {
  if (props.roots.length === 0) {
    return <Typography color="textSecondary">No application here yet: add one.</Typography>;
  }
  return (
    <Box role="tree" aria-label="Applications and their dependencies">
      {props.roots.map(root => (
        <TreeNode {...props} key={keyOfRef(root.ref) ?? root.ref} target={root} depth={0} path={new Set()} />
      ))}
    </Box>
  );
}
