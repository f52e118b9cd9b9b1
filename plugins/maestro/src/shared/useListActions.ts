import { useState } from 'react';
import { describeApiError } from './apiErrors';

/**
 * The actions on the rows of a list of saved things (jobs, event rules): each runs with its row busy, and a refusal's
 * message is kept for above the table; a delete waits for a confirmation, open while `deleting` is set.
 */
export function useListActions<T extends { id: string }>() {
  const [actionError, setActionError] = useState<string>();
  const [busyId, setBusyId] = useState<string>();
  const [deleting, setDeleting] = useState<T>();

  /** Runs an action on an item with its row disabled meanwhile; a refusal is shown above the table. */
  const act = async (item: T, action: () => Promise<void>) => {
    setBusyId(item.id);
    setActionError(undefined);
    try {
      await action();
    } catch (e) {
      setActionError(describeApiError(e).message);
    } finally {
      setBusyId(undefined);
    }
  };

  /** Closes the confirmation and deletes the item it asked about with `remove`, as an action on its row. */
  const confirmDelete = async (remove: (item: T) => Promise<void>) => {
    const item = deleting;
    setDeleting(undefined);
    if (item) await act(item, () => remove(item));
  };

  return { actionError, busyId, act, deleting, setDeleting, confirmDelete };
}
