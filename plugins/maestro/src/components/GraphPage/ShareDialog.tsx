import { useCallback, useEffect, useState } from 'react';
import { CopyTextButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { CreatedGraphShareLink, GraphShareLink } from '@maestro/plugin-maestro-common';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Dialog from '@material-ui/core/Dialog';
import DialogActions from '@material-ui/core/DialogActions';
import DialogContent from '@material-ui/core/DialogContent';
import DialogTitle from '@material-ui/core/DialogTitle';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Table from '@material-ui/core/Table';
import TableBody from '@material-ui/core/TableBody';
import TableCell from '@material-ui/core/TableCell';
import TableHead from '@material-ui/core/TableHead';
import TableRow from '@material-ui/core/TableRow';
import TextField from '@material-ui/core/TextField';
import Typography from '@material-ui/core/Typography';
import { graphsApiRef } from '../../api/GraphsApi';
import { describeApiError } from '../../shared/apiErrors';

/** The addresses of a created link, absolute, and the snippets to embed it. */
export interface ShareAddresses {
  page: string;
  svg: string;
  embed: string;
  img: string;
  iframe: string;
}

const escapeAttribute = (text: string) => text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The `<img>` and `<iframe>` snippets of a shared graph's addresses. */
export function embedSnippets(urls: { svg: string; embed: string }, title: string): { img: string; iframe: string } {
  const alt = escapeAttribute(title);
  return {
    img: `<img src="${escapeAttribute(urls.svg)}" alt="${alt}" />`,
    iframe: `<iframe src="${escapeAttribute(
      urls.embed,
    )}" title="${alt}" width="960" height="600" style="border:0"></iframe>`,
  };
}

function Copyable(props: { label: string; text: string }) {
  return (
    <Box display="flex" alignItems="center" style={{ gap: 4 }}>
      <TextField
        id={`share-${props.label.toLocaleLowerCase('en-US').replace(/ /g, '-')}`}
        label={props.label}
        value={props.text}
        fullWidth
        size="small"
        variant="outlined"
        margin="dense"
        InputProps={{ readOnly: true }}
      />
      <CopyTextButton text={props.text} tooltipText={`${props.label} copied`} aria-label={`Copy ${props.label}`} />
    </Box>
  );
}

const when = (iso?: string) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * The share links of a graph: create one (live or snapshot, an optional expiry and label) and see its addresses
 * once (the token is never shown again) with copy buttons and `<img>` / `<iframe>` snippets; the existing links
 * with who created them, when, their expiry, last use and revocation, and Revoke.
 */
export function ShareDialog(props: { graphId: string; graphName: string; open: boolean; onClose: () => void }) {
  const { graphId, graphName, open } = props;
  const api = useApi(graphsApiRef);
  const [links, setLinks] = useState<GraphShareLink[]>();
  const [mode, setMode] = useState<'live' | 'snapshot'>('live');
  const [expiresAt, setExpiresAt] = useState('');
  const [label, setLabel] = useState('');
  const [created, setCreated] = useState<{ link: CreatedGraphShareLink; addresses: ShareAddresses }>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(() => {
    api.listShareLinks(graphId).then(setLinks, e => setError(describeApiError(e).message));
  }, [api, graphId]);
  useEffect(() => {
    if (open) load();
    else setCreated(undefined);
  }, [open, load]);

  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const request = {
        mode,
        label: label.trim() || undefined,
        expiresAt: expiresAt ? new Date(expiresAt).toISOString() : undefined,
      };
      const link = await api.createShareLink(graphId, request);
      const [page, svg, embed] = await Promise.all([
        api.backendUrl(link.urls.page),
        api.backendUrl(link.urls.svg),
        api.backendUrl(link.urls.embed),
      ]);
      setCreated({ link, addresses: { page, svg, embed, ...embedSnippets({ svg, embed }, graphName) } });
      setLabel('');
      setExpiresAt('');
      load();
    } catch (e) {
      setError(describeApiError(e).message);
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (link: GraphShareLink) => {
    setError(undefined);
    try {
      await api.revokeShareLink(graphId, link.id);
      load();
    } catch (e) {
      setError(describeApiError(e).message);
    }
  };

  return (
    <Dialog open={open} onClose={props.onClose} maxWidth="lg" fullWidth aria-labelledby="share-title">
      <DialogTitle id="share-title">Share {graphName}</DialogTitle>
      <DialogContent>
        {error && (
          <Typography color="error" role="alert">
            {error}
          </Typography>
        )}
        <Typography variant="subtitle1">New link</Typography>
        <Typography variant="body2" color="textSecondary">
          Anyone with the link sees this graph, read-only, and nothing else.
        </Typography>
        <RadioGroup row aria-label="Mode" value={mode} onChange={e => setMode(e.target.value as 'live' | 'snapshot')}>
          <FormControlLabel value="live" control={<Radio />} label="Live (the current inventory)" />
          <FormControlLabel value="snapshot" control={<Radio />} label="Snapshot (as it is now)" />
        </RadioGroup>
        <Box display="flex" style={{ gap: 12 }}>
          <TextField
            id="share-label"
            label="Label"
            value={label}
            onChange={e => setLabel(e.target.value)}
            size="small"
            variant="outlined"
            margin="dense"
          />
          <TextField
            id="share-expires"
            label="Expires"
            type="datetime-local"
            value={expiresAt}
            onChange={e => setExpiresAt(e.target.value)}
            size="small"
            variant="outlined"
            margin="dense"
            InputLabelProps={{ shrink: true }}
            helperText="Empty: never"
          />
          <Box alignSelf="center">
            <Button variant="contained" color="primary" onClick={create} disabled={busy}>
              Create link
            </Button>
          </Box>
        </Box>
        {created && (
          <Box my={2} p={1} border={1} borderColor="grey.300" borderRadius={4} role="region" aria-label="New link">
            <Typography variant="body2">Copy the addresses now: the link's token is not shown again.</Typography>
            <Copyable label="Page address" text={created.addresses.page} />
            <Copyable label="SVG address" text={created.addresses.svg} />
            <Copyable label="Embed address" text={created.addresses.embed} />
            <Copyable label="Image snippet" text={created.addresses.img} />
            <Copyable label="Iframe snippet" text={created.addresses.iframe} />
          </Box>
        )}
        <Typography variant="subtitle1" style={{ marginTop: 16 }}>
          Links
        </Typography>
        {links && links.length === 0 && <Typography variant="body2">No link yet.</Typography>}
        {links && links.length > 0 && (
          <Table size="small" aria-label="Share links" style={{ whiteSpace: 'nowrap' }}>
            <TableHead>
              <TableRow>
                <TableCell>Label</TableCell>
                <TableCell>Mode</TableCell>
                <TableCell>Created</TableCell>
                <TableCell>Expires</TableCell>
                <TableCell>Last used</TableCell>
                <TableCell>State</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {links.map(link => (
                <TableRow key={link.id}>
                  <TableCell>{link.label ?? '—'}</TableCell>
                  <TableCell>{link.mode}</TableCell>
                  <TableCell>
                    {when(link.createdAt)}
                    <Typography variant="caption" display="block" color="textSecondary">
                      {link.createdBy}
                    </Typography>
                  </TableCell>
                  <TableCell>{link.expiresAt ? when(link.expiresAt) : 'never'}</TableCell>
                  <TableCell>{link.lastUsedAt ? when(link.lastUsedAt) : 'never'}</TableCell>
                  <TableCell>
                    {link.revokedAt
                      ? `revoked ${when(link.revokedAt)}${link.revokedBy ? ` by ${link.revokedBy}` : ''}`
                      : 'active'}
                  </TableCell>
                  <TableCell>
                    {!link.revokedAt && (
                      <Button
                        size="small"
                        color="secondary"
                        onClick={() => revoke(link)}
                        aria-label={`Revoke ${link.label ?? link.id}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={props.onClose}>Close</Button>
      </DialogActions>
    </Dialog>
  );
}
