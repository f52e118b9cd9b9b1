/**
 * Redaction of secrets (the password, the tokens) from text that came from a remote server: an error body may echo
 * the request that carried them, in any encoding the server or a proxy chose. Every form is blanked before the text
 * is cut, so a cut never leaves the start of a secret behind.
 */

/** Secrets shorter than this are not redacted (blanking every `a` would make messages unreadable). */
const MIN_SECRET_LENGTH = 4;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `\u00e9` for every UTF-16 unit above ASCII, as Python's `json.dumps` writes by default (Keystone is Python). */
const asciiEscaped = (json: string) =>
  json.replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Inside a JSON string: `"` → `\"`, `\` → `\\`, control characters escaped. */
const jsonEscaped = (text: string) => JSON.stringify(text).slice(1, -1);

/**
 * The forms in which a secret can come back: as is; JSON-escaped (minimal, ASCII-only like Python, with `\/`, and
 * JSON inside JSON, ASCII-only at either level); URL-encoded (percent and form encoding); HTML-escaped. Longest
 * first.
 */
export function secretForms(secret: string): string[] {
  const json = jsonEscaped(secret);
  const twice = jsonEscaped(json);
  const forms = new Set([
    secret,
    json,
    asciiEscaped(json),
    json.replace(/\//g, '\\/'),
    twice,
    asciiEscaped(twice),
    jsonEscaped(asciiEscaped(json)),
    encodeURIComponent(secret),
    new URLSearchParams({ s: secret }).toString().slice(2),
    secret.replace(/[&<>"']/g, c => HTML_ESCAPES[c]),
  ]);
  return [...forms].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function formsOf(secrets: Iterable<string | undefined>): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH) for (const form of secretForms(secret)) forms.add(form);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

/**
 * Replaces every occurrence of every form of the secrets by `***` (case-insensitive: percent-encoding and `\u`
 * escapes come in either case). With `truncated`, the text was cut: a tail that is the start of a secret's form is
 * blanked too.
 */
export function redactSecrets(
  text: string,
  secrets: Iterable<string | undefined>,
  options: { truncated?: boolean } = {},
): string {
  const forms = formsOf(secrets);
  if (forms.length === 0 || !text) return text;
  let out = text.replace(new RegExp(forms.map(escapeRegExp).join('|'), 'gi'), '***');
  if (options.truncated) out = blankSecretTail(out, forms);
  return out;
}

/** Blanks the longest tail of the text that is the start of one of the forms (the rest was cut off). */
function blankSecretTail(text: string, forms: string[]): string {
  // lower case for the comparison, unless that changes lengths (then positions would not match the text)
  const folded = text.toLowerCase().length === text.length;
  const tailOf = folded ? text.toLowerCase() : text;
  let longest = 0;
  for (const form of forms) {
    longest = Math.max(longest, overlap(tailOf.slice(-form.length), folded ? form.toLowerCase() : form));
  }
  return longest ? `${text.slice(0, text.length - longest)}***` : text;
}

/**
 * The length of the longest proper prefix of `start` that `tail` ends with, in linear time (the prefix function of
 * `start` + a separator + `tail`).
 */
function overlap(tail: string, start: string): number {
  const s = `${start}\u0000${tail}`;
  const pi = new Array<number>(s.length).fill(0);
  for (let i = 1; i < s.length; i++) {
    let k = pi[i - 1];
    while (k > 0 && s[i] !== s[k]) k = pi[k - 1];
    if (s[i] === s[k]) k++;
    pi[i] = k;
  }
  return Math.min(pi[s.length - 1], start.length - 1);
}
