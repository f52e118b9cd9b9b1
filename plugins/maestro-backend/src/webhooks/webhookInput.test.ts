import { InputError } from '@backstage/errors';
import { SecretBox } from '../discovery/SecretBox';
import { EgressPolicy } from '../egress';
import { JOB_TEMPLATE_ROOTS } from './bodyTemplate';
import type { StoredWebhookTarget } from './types';
import { openWebhookTarget, readWebhookTarget, redactWebhookTarget } from './webhookInput';

const box = new SecretBox('a passphrase of at least thirty-two characters');
const policy = new EgressPolicy({ own: [{ port: 7007 }] });
const options = { policy, templateRoots: JOB_TEMPLATE_ROOTS, box, sealContext: 'job:j1:webhook' };
const valid = { method: 'POST', url: 'https://hooks.example.com/maestro' };

const problemsOf = (value: unknown, opts: Partial<typeof options> & { previous?: StoredWebhookTarget } = {}) => {
  try {
    readWebhookTarget(value, 'webhook', { ...options, ...opts });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message.split(/; (?=webhook)/);
  }
  throw new Error('accepted');
};

describe('readWebhookTarget', () => {
  it('accepts a minimal webhook with the defaults', () => {
    expect(readWebhookTarget(valid, 'webhook', options)).toEqual({
      method: 'POST',
      url: 'https://hooks.example.com/maestro',
      headers: [],
      timeoutSeconds: 10,
    });
  });

  it('keeps every field of a complete webhook', () => {
    const stored = readWebhookTarget(
      {
        ...valid,
        headers: [{ name: 'X-Team', value: 'ops' }],
        bodyTemplate: '{"job": {{ job.name | json }}}',
        contentType: 'application/json; charset=utf-8',
        expectedStatus: [200, 202, 200],
        timeoutSeconds: 30,
      },
      'webhook',
      options,
    );
    expect(stored).toEqual({
      method: 'POST',
      url: 'https://hooks.example.com/maestro',
      headers: [{ name: 'X-Team', value: 'ops' }],
      bodyTemplate: '{"job": {{ job.name | json }}}',
      contentType: 'application/json; charset=utf-8',
      expectedStatus: [200, 202],
      timeoutSeconds: 30,
    });
  });

  it.each([
    [null, 'webhook: must be an object'],
    [[], 'webhook: must be an object'],
    [{ url: valid.url }, 'webhook.method: is required (one of GET, POST, PUT, PATCH, DELETE)'],
    [{ ...valid, method: 'post' }, 'webhook.method: must be one of GET, POST, PUT, PATCH, DELETE'],
    [{ ...valid, method: 'TRACE' }, 'webhook.method: must be one of GET, POST, PUT, PATCH, DELETE'],
    [{ method: 'POST' }, 'webhook.url: is required'],
    [{ ...valid, url: 'not a url' }, 'webhook.url: must be an http(s) URL such as https://hooks.example.com/maestro'],
    [{ ...valid, url: 'ftp://hooks.example.com/' }, 'webhook.url: must be an http(s) URL (got ftp:)'],
    [{ ...valid, url: 'file:///etc/passwd' }, 'webhook.url: must be an http(s) URL (got file:)'],
    [
      { ...valid, url: 'https://user:pw@hooks.example.com/' },
      'webhook.url: must not contain credentials (user:password@): use a secret header instead',
    ],
    [
      { ...valid, url: `https://hooks.example.com/${'a'.repeat(2048)}` },
      'webhook.url: must be at most 2048 characters',
    ],
    [{ ...valid, url: 12 }, 'webhook.url: must be a string'],
    [{ ...valid, bodyTemplate: 5 }, 'webhook.bodyTemplate: must be a string'],
    [{ ...valid, bodyTemplate: 'a\u0000b' }, 'webhook.bodyTemplate: must not contain the NUL character (U+0000)'],
    [
      { ...valid, bodyTemplate: '{{ job.name | yaml }}' },
      'webhook.bodyTemplate: unknown filter "yaml" (the only filter is json) at line 1, column 1',
    ],
    [
      { ...valid, bodyTemplate: '{{ event.record }}' },
      'webhook.bodyTemplate: unknown root "event" (known: job, run, now) at line 1, column 1',
    ],
    [
      { ...valid, method: 'GET', bodyTemplate: 'x' },
      'webhook.bodyTemplate: a GET request has no body (use POST or PUT)',
    ],
    [
      { ...valid, contentType: 'json' },
      'webhook.contentType: must be a media type such as application/json or text/plain; charset=utf-8',
    ],
    [
      { ...valid, contentType: 'text/plain\r\nX-Evil: 1' },
      'webhook.contentType: must be a media type such as application/json or text/plain; charset=utf-8',
    ],
    [
      { ...valid, contentType: 'text/plain;\r\n charset=utf-8' },
      'webhook.contentType: must be a media type such as application/json or text/plain; charset=utf-8',
    ],
    [
      { ...valid, expectedStatus: 200 },
      'webhook.expectedStatus: must be a list of HTTP status codes such as [200, 202]',
    ],
    [{ ...valid, expectedStatus: [200, 99] }, 'webhook.expectedStatus[1]: must be an HTTP status code from 100 to 599'],
    [{ ...valid, expectedStatus: [600] }, 'webhook.expectedStatus[0]: must be an HTTP status code from 100 to 599'],
    [{ ...valid, expectedStatus: ['200'] }, 'webhook.expectedStatus[0]: must be an HTTP status code from 100 to 599'],
    [
      { ...valid, expectedStatus: Array.from({ length: 21 }, (_, i) => 200 + i) },
      'webhook.expectedStatus: at most 20 codes (got 21)',
    ],
    [{ ...valid, timeoutSeconds: 0 }, 'webhook.timeoutSeconds: must be a whole number of seconds from 1 to 60'],
    [{ ...valid, timeoutSeconds: 61 }, 'webhook.timeoutSeconds: must be a whole number of seconds from 1 to 60'],
    [{ ...valid, timeoutSeconds: 1.5 }, 'webhook.timeoutSeconds: must be a whole number of seconds from 1 to 60'],
    [{ ...valid, retries: 3 }, 'webhook.retries: unknown field'],
    [
      JSON.parse('{"method":"POST","url":"https://h.example/","__proto__":{"x":1}}'),
      'webhook.__proto__: "__proto__" is not allowed as a field name',
    ],
    [{ ...valid, constructor: 'x' }, 'webhook.constructor: "constructor" is not allowed as a field name'],
  ])('refuses %j', (value, message) => {
    expect(problemsOf(value)).toEqual([message]);
  });

  describe('headers', () => {
    it.each([
      ['X-Team', 'webhook.headers: must be a list of { name, value, secret }'],
      [['x'], 'webhook.headers[0]: must be an object { name, value, secret }'],
      [[{ value: 'v' }], 'webhook.headers[0].name: is required'],
      [[{ name: 'Bad Name', value: 'v' }], /^webhook\.headers\[0\]\.name: must be an HTTP header name/],
      [[{ name: 'X-A:b', value: 'v' }], /^webhook\.headers\[0\]\.name: must be an HTTP header name/],
      [[{ name: 'Host', value: 'v' }], 'webhook.headers[0].name: Host is set by the sender and cannot be changed'],
      [[{ name: 'content-length', value: '1' }], /^webhook\.headers\[0\]\.name: content-length is set by the sender/],
      [[{ name: 'Transfer-Encoding', value: 'x' }], /Transfer-Encoding is set by the sender/],
      [[{ name: 'Connection', value: 'close' }], /Connection is set by the sender/],
      [
        [{ name: 'Content-Type', value: 'text/plain' }],
        'webhook.headers[0].name: Content-Type is set with contentType',
      ],
      [
        [{ name: 'X-Maestro-Delivery', value: 'x' }],
        'webhook.headers[0].name: X-Maestro-* headers are set by the sender',
      ],
      [[{ name: 'x-maestro-signature-256', value: 'x' }], /X-Maestro-\* headers are set by the sender/],
      [
        [{ name: 'X-A', value: 'a\r\nX-Injected: 1' }],
        'webhook.headers[0].value: must not contain line breaks or control characters',
      ],
      [
        [{ name: 'X-A', value: 'a\nb' }],
        'webhook.headers[0].value: must not contain line breaks or control characters',
      ],
      [[{ name: 'X-A', value: 'x'.repeat(4097) }], 'webhook.headers[0].value: must be at most 4096 characters'],
      [[{ name: 'X-A' }], 'webhook.headers[0].value: is required'],
      [[{ name: 'X-A', value: 1 }], 'webhook.headers[0].value: must be a string'],
      [[{ name: 'X-A', value: 'v', secret: 'yes' }], 'webhook.headers[0].secret: must be true or false'],
      [[{ name: 'X-A', value: 'v', note: 'x' }], 'webhook.headers[0].note: unknown field'],
      [
        [
          { name: 'X-A', value: 'v' },
          { name: 'x-a', value: 'w' },
        ],
        'webhook.headers[1].name: x-a is already set by another header',
      ],
      [
        Array.from({ length: 21 }, (_, i) => ({ name: `X-${i}`, value: 'v' })),
        'webhook.headers: at most 20 headers (got 21)',
      ],
    ])('refuses %j', (headers, message) => {
      const problems = problemsOf({ ...valid, headers });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(message);
    });

    it('accepts a tab in a value, and 20 headers', () => {
      const headers = Array.from({ length: 20 }, (_, i) => ({ name: `X-${i}`, value: `a\tb${i}` }));
      expect(readWebhookTarget({ ...valid, headers }, 'webhook', options).headers).toHaveLength(20);
    });
  });

  it('lists every problem of a webhook in one error, and seals nothing', () => {
    const seal = jest.spyOn(box, 'seal');
    expect(
      problemsOf({
        method: 'FETCH',
        url: 'http://169.254.169.254/latest/meta-data/',
        headers: [
          { name: 'Authorization', value: 'Bearer abc', secret: true },
          { name: 'Host', value: 'x' },
        ],
        bodyTemplate: '{{ job.name',
        signature: { secret: 'short' },
        timeoutSeconds: 100,
        extra: true,
      }),
    ).toEqual([
      'webhook.extra: unknown field',
      'webhook.method: must be one of GET, POST, PUT, PATCH, DELETE',
      'webhook.url: 169.254.169.254 is a link-local address; allow it with maestro.egress.allow',
      'webhook.headers[1].name: Host is set by the sender and cannot be changed',
      'webhook.bodyTemplate: unclosed "{{" at line 1, column 1 (write \\{{ for a literal "{{")',
      'webhook.signature.secret: must be 8 to 512 characters',
      'webhook.timeoutSeconds: must be a whole number of seconds from 1 to 60',
    ]);
    expect(seal).not.toHaveBeenCalled();
    seal.mockRestore();
  });

  describe('egress policy (literal addresses refused when saved)', () => {
    it.each([
      [
        'http://127.0.0.1:8080/hook',
        'webhook.url: 127.0.0.1 is a loopback address; allow it with maestro.egress.allow',
      ],
      [
        'http://169.254.169.254/latest/meta-data/',
        'webhook.url: 169.254.169.254 is a link-local address; allow it with maestro.egress.allow',
      ],
      ['http://10.0.0.1/hook', 'webhook.url: 10.0.0.1 is a private address; allow it with maestro.egress.allow'],
      [
        'http://localhost:8080/hook',
        'webhook.url: localhost is this machine (loopback); allow it with maestro.egress.allow',
      ],
      ['http://[::1]/hook', 'webhook.url: ::1 is a loopback address; allow it with maestro.egress.allow'],
      ['http://0x7f.1/hook', 'webhook.url: 127.0.0.1 is a loopback address; allow it with maestro.egress.allow'],
      [
        'http://2852039166/',
        'webhook.url: 169.254.169.254 is a link-local address; allow it with maestro.egress.allow',
      ],
      ['http://127.0.0.1:7007/api/maestro', 'webhook.url: 127.0.0.1 port 7007 is this backend itself'],
    ])('refuses %s', (url, message) => {
      expect(problemsOf({ ...valid, url })).toEqual([message]);
    });

    it('accepts them when the operator allow-lists them, never the backend itself', () => {
      const allowing = new EgressPolicy({ allow: ['127.0.0.1', 'localhost', '10.0.0.0/8'], own: [{ port: 7007 }] });
      for (const url of ['http://127.0.0.1:8080/hook', 'http://localhost:8080/hook', 'http://10.0.0.1/hook']) {
        expect(readWebhookTarget({ ...valid, url }, 'webhook', { ...options, policy: allowing }).url).toBe(url);
      }
      expect(problemsOf({ ...valid, url: 'http://169.254.169.254/' }, { policy: allowing })).toEqual([
        'webhook.url: 169.254.169.254 is a link-local address; allow it with maestro.egress.allow',
      ]);
      expect(problemsOf({ ...valid, url: 'http://127.0.0.1:7007/' }, { policy: allowing })).toEqual([
        'webhook.url: 127.0.0.1 port 7007 is this backend itself',
      ]);
    });
  });

  describe('secrets', () => {
    const withSecrets = {
      ...valid,
      headers: [
        { name: 'X-Team', value: 'ops' },
        { name: 'Authorization', value: 'Bearer token-123', secret: true },
      ],
      signature: { secret: 'signing-secret-1' },
    };

    it('seals secret header values and the signature secret, bound to the owner', () => {
      const stored = readWebhookTarget(withSecrets, 'webhook', options);
      expect(JSON.stringify(stored)).not.toMatch(/token-123|signing-secret-1/);
      expect(stored.headers[1]).toEqual({ name: 'Authorization', secret: true, sealed: expect.stringMatching(/^v1:/) });
      expect(stored.signature).toEqual({ header: 'X-Maestro-Signature-256', sealed: expect.stringMatching(/^v1:/) });

      const opened = openWebhookTarget(stored, box, 'job:j1:webhook');
      expect(opened.headers).toEqual([
        { name: 'X-Team', value: 'ops' },
        { name: 'Authorization', value: 'Bearer token-123', secret: true },
      ]);
      expect(opened.signature).toEqual({ header: 'X-Maestro-Signature-256', secret: 'signing-secret-1' });
      expect(() => openWebhookTarget(stored, box, 'job:j2:webhook')).toThrow(
        /^header Authorization: stored secret cannot be decrypted/,
      );
      expect(() => openWebhookTarget(stored, undefined, 'job:j1:webhook')).toThrow(
        'header Authorization: secrets need an encryption key (maestro.discovery.encryptionKeys)',
      );
    });

    it('answers without secret values', () => {
      const stored = readWebhookTarget(withSecrets, 'webhook', options);
      const answered = redactWebhookTarget(stored);
      expect(answered).toEqual({
        method: 'POST',
        url: 'https://hooks.example.com/maestro',
        headers: [
          { name: 'X-Team', value: 'ops' },
          { name: 'Authorization', secret: true, hasValue: true },
        ],
        signature: { header: 'X-Maestro-Signature-256', hasSecret: true },
        timeoutSeconds: 10,
      });
      expect(JSON.stringify(answered)).not.toMatch(/sealed|v1:|token-123|signing-secret-1/);
    });

    it('keeps the stored secrets when the answer is sent back unchanged, and replaces the ones given', () => {
      const stored = readWebhookTarget(withSecrets, 'webhook', options);
      const resent = readWebhookTarget(
        { ...redactWebhookTarget(stored), url: 'https://hooks.example.com/v2' },
        'webhook',
        { ...options, previous: stored },
      );
      expect(resent.url).toBe('https://hooks.example.com/v2');
      expect(resent.headers[1].sealed).toBe(stored.headers[1].sealed);
      expect(resent.signature!.sealed).toBe(stored.signature!.sealed);

      const renamed = readWebhookTarget(
        {
          ...valid,
          headers: [{ name: 'authorization', secret: true }],
          signature: { header: 'X-Hub-Signature-256', secret: 'signing-secret-2' },
        },
        'webhook',
        { ...options, previous: stored },
      );
      const opened = openWebhookTarget(renamed, box, 'job:j1:webhook');
      expect(opened.headers).toEqual([{ name: 'authorization', value: 'Bearer token-123', secret: true }]);
      expect(opened.signature).toEqual({ header: 'X-Hub-Signature-256', secret: 'signing-secret-2' });
    });

    it('requires a value for a secret that has none stored, naming it', () => {
      const stored = readWebhookTarget(withSecrets, 'webhook', options);
      expect(
        problemsOf(
          { ...valid, headers: [{ name: 'X-Api-Key', secret: true, hasValue: true }], signature: {} },
          { previous: undefined },
        ),
      ).toEqual([
        'webhook.headers[0].value: is required (no value is stored for the secret header X-Api-Key)',
        'webhook.signature.secret: is required',
      ]);
      // a header that was plain does not become a secret without a value
      expect(problemsOf({ ...valid, headers: [{ name: 'X-Team', secret: true }] }, { previous: stored })).toEqual([
        'webhook.headers[0].value: is required (no value is stored for the secret header X-Team)',
      ]);
      // a secret header turned plain must be given its value (the stored one is never revealed)
      expect(problemsOf({ ...valid, headers: [{ name: 'Authorization' }] }, { previous: stored })).toEqual([
        'webhook.headers[0].value: is required',
      ]);
    });

    it('refuses a new secret when no encryption key is configured', () => {
      expect(problemsOf(withSecrets, { box: undefined })).toEqual([
        'webhook.headers[1].value: secrets need an encryption key (maestro.discovery.encryptionKeys)',
        'webhook.signature.secret: secrets need an encryption key (maestro.discovery.encryptionKeys)',
      ]);
    });

    it('checks the signature header name', () => {
      expect(problemsOf({ ...valid, signature: { header: 'Bad Header', secret: 'long enough' } })[0]).toMatch(
        /^webhook\.signature\.header: must be an HTTP header name/,
      );
      expect(problemsOf({ ...valid, signature: { header: 'X-Maestro-Event', secret: 'long enough' } })).toEqual([
        'webhook.signature.header: X-Maestro-* headers are set by the sender',
      ]);
      expect(
        problemsOf({
          ...valid,
          headers: [{ name: 'X-Sig', value: 'v' }],
          signature: { header: 'x-sig', secret: 'long enough' },
        }),
      ).toEqual(['webhook.signature.header: x-sig is also one of the headers']);
      expect(problemsOf({ ...valid, signature: { secret: 'x'.repeat(513) } })).toEqual([
        'webhook.signature.secret: must be 8 to 512 characters',
      ]);
      expect(problemsOf({ ...valid, signature: { secret: 'long enough', salt: 1 } })).toEqual([
        'webhook.signature.salt: unknown field',
      ]);
    });
  });
});
