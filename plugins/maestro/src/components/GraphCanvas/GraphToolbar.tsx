import { KeyboardEvent, useState } from 'react';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Checkbox from '@material-ui/core/Checkbox';
import Chip from '@material-ui/core/Chip';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import type { GraphGrouping, GraphShapeOptions } from './graphShape';

/** Props of {@link GraphToolbar}. */
export interface GraphToolbarProps {
  shape: GraphShapeOptions;
  onShapeChange: (shape: GraphShapeOptions) => void;
  kinds: Array<{ kind: string; count: number }>;
  groups: Array<{ key: string; count: number }>;
  /** Finds the next node matching the text; answers what to say (`2 of 5`, `No node matches`). */
  onSearch: (text: string) => string;
}

/**
 * The canvas's controls: search a node, group by system or layer (and collapse or expand each group), and the
 * kinds to draw.
 */
export function GraphToolbar(props: GraphToolbarProps) {
  const { shape, onShapeChange, kinds, groups } = props;
  const [search, setSearch] = useState('');
  const [found, setFound] = useState<string>();
  const find = () => setFound(props.onSearch(search));
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find();
    }
  };
  const toggleKind = (kind: string) => {
    const hiddenKinds = new Set(shape.hiddenKinds);
    if (hiddenKinds.has(kind)) hiddenKinds.delete(kind);
    else hiddenKinds.add(kind);
    onShapeChange({ ...shape, hiddenKinds });
  };
  const toggleGroup = (key: string) => {
    const collapsed = new Set(shape.collapsed);
    if (collapsed.has(key)) collapsed.delete(key);
    else collapsed.add(key);
    onShapeChange({ ...shape, collapsed });
  };
  return (
    <Box display="flex" flexDirection="column" style={{ gap: 4 }} mb={1}>
      <Box display="flex" alignItems="center" flexWrap="wrap" style={{ gap: 12 }}>
        <TextField
          label="Find a node"
          size="small"
          variant="outlined"
          value={search}
          onChange={e => {
            setSearch(e.target.value);
            setFound(undefined);
          }}
          onKeyDown={onKeyDown}
          inputProps={{ 'aria-label': 'Find a node' }}
        />
        <Button size="small" variant="outlined" onClick={find} disabled={!search.trim()}>
          Find
        </Button>
        {found && (
          <Typography variant="caption" role="status">
            {found}
          </Typography>
        )}
        <TextField
          select
          label="Group by"
          size="small"
          variant="outlined"
          value={shape.groupBy}
          style={{ minWidth: 140 }}
          onChange={e =>
            onShapeChange({ ...shape, groupBy: e.target.value as GraphGrouping, collapsed: new Set<string>() })
          }
          SelectProps={{ SelectDisplayProps: { 'aria-label': 'Group by' } as any }}
        >
          <MenuItem value="none">No grouping</MenuItem>
          <MenuItem value="system">System</MenuItem>
          <MenuItem value="layer">Layer</MenuItem>
        </TextField>
        {shape.groupBy !== 'none' && (
          <>
            <Button
              size="small"
              onClick={() => onShapeChange({ ...shape, collapsed: new Set(groups.map(g => g.key)) })}
            >
              Collapse all
            </Button>
            <Button size="small" onClick={() => onShapeChange({ ...shape, collapsed: new Set<string>() })}>
              Expand all
            </Button>
          </>
        )}
      </Box>
      <Box display="flex" alignItems="center" flexWrap="wrap" role="group" aria-label="Kinds drawn">
        <Typography variant="caption" style={{ marginRight: 8 }}>
          Kinds:
        </Typography>
        {kinds.map(({ kind, count }) => (
          <FormControlLabel
            key={kind}
            control={<Checkbox size="small" checked={!shape.hiddenKinds.has(kind)} onChange={() => toggleKind(kind)} />}
            label={`${kind} (${count})`}
          />
        ))}
      </Box>
      {shape.groupBy !== 'none' && (
        <Box
          display="flex"
          flexWrap="wrap"
          style={{ gap: 4, maxHeight: 84, overflowY: 'auto' }}
          role="group"
          aria-label="Groups"
        >
          {groups.map(g => {
            const isCollapsed = shape.collapsed.has(g.key);
            return (
              <Chip
                key={g.key}
                size="small"
                color={isCollapsed ? 'primary' : 'default'}
                label={`${isCollapsed ? '▸' : '▾'} ${g.key} (${g.count})`}
                aria-label={`${isCollapsed ? 'Expand' : 'Collapse'} ${g.key}`}
                onClick={() => toggleGroup(g.key)}
              />
            );
          })}
        </Box>
      )}
    </Box>
  );
}
