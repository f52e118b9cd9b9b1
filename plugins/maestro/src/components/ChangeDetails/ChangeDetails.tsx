import { ChangeEntry, diffRecords } from '@maestro/plugin-maestro-common';

/** A value of a change, short: `∅` when absent, JSON for non-strings, cut after 80 characters. */
export const formatValue = (value: unknown): string => {
  if (value === undefined) return '∅';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
};

/** The field-level `path: before → after` of one change; "created" for a creation. */
export function ChangeDetails(props: { change: ChangeEntry }) {
  const { change } = props;
  if (change.action === 'create') return <>created</>;
  const changes = diffRecords(change.before, change.after);
  if (changes.length === 0) return <>no content change</>;
  return (
    <>
      {changes.map(c => (
        <div key={c.path}>
          <strong>{c.path}</strong>: {formatValue(c.before)} → {formatValue(c.after)}
        </div>
      ))}
    </>
  );
}
