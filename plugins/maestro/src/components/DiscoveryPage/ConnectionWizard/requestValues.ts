/** Helpers of the request bodies the wizard builds from its drafts. */

/** The text trimmed, or undefined when nothing is left (an optional setting not set). */
export const trimmed = (value: string) => value.trim() || undefined;

/** Leaves out the properties whose value is undefined. */
export function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
