import { EgressPolicy } from '../../../egress';
import { FakeCloud, RecordedRequest, startFakeCloud } from './__fixtures__/fakeOpenStack';
import { OpenStackAuthError, OpenStackHttpError, extractOpenStackMessage, stripHtml } from './errors';
import { DEFAULT_MAX_ERROR_BYTES } from './http';
import { OpenStackClient } from './OpenStackClient';
import { redactSecrets, secretForms } from './redact';

/**
 * A Keystone (or a proxy in front of it) that echoes the token request in its error writes the password in whatever
 * encoding it likes: every form must be blanked, before the text is cut.
 */

/** Passwords with what JSON, URLs and HTML encode: quotes, backslashes, percent signs, non-ASCII, emoji. */
const PASSWORDS = [
  'qu"ote\\back-slash',
  'Pct%41-and+plus &amp; <tag>',
  'ünïcödé-Пароль-密码',
  'emoji-🔑-key/slash',
  "it's-'single'",
];

/** How a misbehaving server may echo the request body. */
const ECHOES: Record<string, (request: string) => { type: string; body: string }> = {
  'Keystone JSON': request => ({
    type: 'application/json',
    body: JSON.stringify({ error: { code: 400, title: 'Bad Request', message: `Invalid request: ${request}` } }),
  }),
  'Python ensure_ascii JSON': request => ({
    type: 'application/json',
    body: JSON.stringify({ error: { code: 400, message: `Invalid request: ${request}` } }).replace(
      /[\u0080-\uffff]/g,
      c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ),
  }),
  'a proxy, URL-encoded': request => ({
    type: 'text/plain',
    body: `rejected password=${encodeURIComponent(JSON.parse(request).auth.identity.password.user.password)}&x=1`,
  }),
  'a proxy, form-encoded': request => ({
    type: 'text/plain',
    body: `rejected ${new URLSearchParams({ password: JSON.parse(request).auth.identity.password.user.password })}`,
  }),
  'a proxy, HTML-escaped': request => ({
    type: 'text/html',
    body: `<html><body><h1>400</h1><pre>${request.replace(
      /[&<>"']/g,
      c => `&#${c.charCodeAt(0)};`,
    )}</pre></body></html>`,
  }),
};

let cloud: FakeCloud | undefined;
let client: OpenStackClient | undefined;

afterEach(async () => {
  await client?.close();
  client = undefined;
  await cloud?.close();
  cloud = undefined;
});

async function authFailure(
  password: string,
  reply: (request: RecordedRequest) => { status?: number; type: string; body: string },
) {
  cloud = await startFakeCloud({
    keystone: request => {
      const { status, type, body } = reply(request);
      return { status: status ?? 400, headers: { 'Content-Type': type }, body };
    },
  });
  client = new OpenStackClient({
    egress: new EgressPolicy({ allow: ['127.0.0.1'] }),
    authUrl: `${cloud.base}/identity`,
    username: 'maestro',
    password,
    projectName: 'admin',
  });
  try {
    await client.authenticate();
  } catch (error) {
    return error as OpenStackHttpError;
  }
  throw new Error('expected a rejection');
}

/** Nothing of the password: no form of it, not even its first 5 characters. */
function expectNoPassword(text: string, password: string) {
  for (const form of secretForms(password)) expect(text.toLowerCase()).not.toContain(form.toLowerCase());
  for (const form of secretForms(password.slice(0, 5))) expect(text).not.toContain(form);
}

describe('an echoed password never reaches a message', () => {
  for (const [echo, render] of Object.entries(ECHOES)) {
    it.each(PASSWORDS)(`${echo}: %s`, async password => {
      const error = await authFailure(password, request => render(request.body));
      expect(error).toBeInstanceOf(OpenStackHttpError);
      expect(error.status).toBe(400);
      expect(error.detail).toContain('***');
      expectNoPassword(`${error.message} ${error.detail} ${error.stack}`, password);
    });
  }

  it.each(PASSWORDS)('a 401 echoing it in the Keystone message: %s', async password => {
    const error = await authFailure(password, request => ({ ...ECHOES['Keystone JSON'](request.body), status: 401 }));
    expect(error).toBeInstanceOf(OpenStackAuthError);
    expectNoPassword(`${error.message} ${error.stack}`, password);
  });

  it.each(PASSWORDS)('is blanked before the message is cut at 300 characters: %s', async password => {
    // the password starts right before the cut: cutting first would keep its start
    const error = await authFailure(password, () => ({
      type: 'text/plain',
      body: `${'e'.repeat(290)} ${password} tail`,
    }));
    expect(error.detail).toMatch(/^e{290} \*\*\* tail$/);
    expectNoPassword(`${error.message} ${error.stack}`, password);
  });

  it.each(PASSWORDS)('a body longer than the 64 KiB read, starting with the password: %s', async password => {
    const error = await authFailure(password, () => ({
      type: 'text/plain',
      body: `${password} ${'x'.repeat(100_000)}`,
    }));
    expect(error.detail).toMatch(/^\*\*\* x+…$/);
    expectNoPassword(`${error.message} ${error.stack}`, password);
  });

  it.each(PASSWORDS)('a password cut by the 64 KiB read itself: its start is blanked too: %s', async password => {
    // markup that is stripped, then the password across the limit: only its first 5 bytes are read
    const markup = (n: number) => `<style>${'x'.repeat(n)}</style>`;
    const filler = markup(DEFAULT_MAX_ERROR_BYTES - 5 - markup(0).length);
    const error = await authFailure(password, () => ({ type: 'text/html', body: `${filler}${password} and more` }));
    expect(error.detail).toBe('***');
    expect(error.message).not.toContain(password.slice(0, 3));
  });
});

describe('redactSecrets', () => {
  it('blanks every form, case-insensitively where encodings vary, and a cut start', () => {
    const pw = 'p"ä/%';
    expect(redactSecrets(`a ${pw} b`, [pw])).toBe('a *** b');
    expect(redactSecrets('json p\\"ä/% ascii p\\"\\u00E4/% url p%22%C3%A4%2F%25', [pw])).toBe(
      'json *** ascii *** url ***',
    );
    expect(redactSecrets('html p&quot;ä/% slashes p\\"ä\\/%', [pw])).toBe('html *** slashes ***');
    expect(redactSecrets('cut here: p\\"ä', [pw], { truncated: true })).toBe('cut here: ***');
    expect(redactSecrets('cut here: p\\"ä', [pw])).toBe('cut here: p\\"ä');
    expect(redactSecrets('short abc', ['abc'])).toBe('short abc');
  });
});

describe('stripHtml', () => {
  it('drops head, script, style and title elements with their content, tags and entities', () => {
    expect(
      stripHtml(
        '<html><head><title>T</title><style>p{}</style></head><body><script >x()</script ><p>a &amp; b</p>' +
          '<SCRIPT type="x">y</SCRIPT\n>c</body></html>',
      ),
    ).toBe('a & b c');
  });

  it('keeps the content of an element that is never closed, and text after a lone <', () => {
    expect(stripHtml('<h1>500</h1><script>one<script>two<p>three')).toBe('500 one two three');
    expect(stripHtml('a < b and c')).toBe('a < b and c');
    expect(stripHtml('<script/>after')).toBe('after');
  });

  it('strips 4 MB of unclosed <script> tags (quadratic with a backtracking regex)', () => {
    const text = extractOpenStackMessage(`<p>error</p>${'<script>x'.repeat(500_000)}`)!;
    expect(text.startsWith('error x x')).toBe(true);
    expect(text.length).toBeLessThanOrEqual(300);
  });
});
