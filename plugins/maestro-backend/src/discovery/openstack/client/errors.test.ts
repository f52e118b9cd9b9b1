import {
  OpenStackAuthError,
  OpenStackHttpError,
  OpenStackServiceUnavailableError,
  OpenStackTimeoutError,
  classifyOpenStackError,
  extractOpenStackMessage,
  isOpenStackError,
  safeUrl,
} from './errors';
import { redactSecrets } from './redact';

const http = (status: number, retryAfterMs?: number) =>
  new OpenStackHttpError({ service: 'compute', method: 'GET', url: 'http://h/servers', status, retryAfterMs });

describe('extractOpenStackMessage', () => {
  it('reads Nova and Cinder faults (a single top-level key with a message)', () => {
    expect(
      extractOpenStackMessage(
        JSON.stringify({ itemNotFound: { code: 404, message: 'Instance 42 could not be found.' } }),
      ),
    ).toBe('Instance 42 could not be found.');
    expect(extractOpenStackMessage('{"overLimit": {"code": 413, "message": "Over limit", "retryAfter": "7"}}')).toBe(
      'Over limit',
    );
    expect(
      extractOpenStackMessage('{"badRequest": {"code": 400, "message": "Invalid input for field/attribute limit."}}'),
    ).toBe('Invalid input for field/attribute limit.');
  });

  it('reads Keystone errors', () => {
    expect(
      extractOpenStackMessage(
        '{"error": {"code": 401, "title": "Unauthorized", "message": "The request you have made requires authentication."}}',
      ),
    ).toBe('The request you have made requires authentication.');
    expect(extractOpenStackMessage('{"error": {"code": 403, "title": "Forbidden"}}')).toBe('Forbidden');
  });

  it('reads Neutron errors', () => {
    expect(
      extractOpenStackMessage(
        '{"NeutronError": {"type": "NetworkNotFound", "message": "Network nope could not be found.", "detail": ""}}',
      ),
    ).toBe('Network nope could not be found.');
  });

  it('reads Octavia faults', () => {
    expect(
      extractOpenStackMessage(
        '{"faultcode": "Client", "faultstring": "Load Balancer 42 could not be found.", "debuginfo": null}',
      ),
    ).toBe('Load Balancer 42 could not be found.');
  });

  it('strips the HTML of Glance and proxies, and caps the length', () => {
    const glance =
      '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n' +
      '  The resource could not be found.<br /><br />\n\n\n\n </body>\n</html>';
    expect(extractOpenStackMessage(glance)).toBe('404 Not Found The resource could not be found.');
    expect(extractOpenStackMessage('403 Forbidden\n\nAccess was denied to this resource.\n\n   ')).toBe(
      '403 Forbidden Access was denied to this resource.',
    );
    const long = extractOpenStackMessage(`<p>${'x'.repeat(5000)}</p>`)!;
    expect(long.length).toBeLessThanOrEqual(300);
    expect(long.endsWith('…')).toBe(true);
  });

  it('returns undefined for empty or unrecognised bodies', () => {
    expect(extractOpenStackMessage('')).toBeUndefined();
    expect(extractOpenStackMessage('   ')).toBeUndefined();
    expect(extractOpenStackMessage('{"a": 1, "b": 2}')).toBeUndefined();
  });
});

describe('classifyOpenStackError', () => {
  it('maps statuses and error types', () => {
    expect(classifyOpenStackError(http(403))).toBe('denied');
    expect(classifyOpenStackError(http(429))).toBe('throttled');
    expect(classifyOpenStackError(http(413, 7000))).toBe('throttled');
    expect(classifyOpenStackError(http(413))).toBe('error');
    expect(classifyOpenStackError(http(503, 1000))).toBe('throttled');
    expect(classifyOpenStackError(http(503))).toBe('error');
    expect(classifyOpenStackError(http(401))).toBe('auth');
    expect(classifyOpenStackError(http(500))).toBe('error');
    expect(classifyOpenStackError(new OpenStackAuthError({ authUrl: 'http://k/v3', user: '"u"' }))).toBe('auth');
    expect(
      classifyOpenStackError(
        new OpenStackServiceUnavailableError({ serviceType: 'load-balancer', region: 'R', interface: 'public' }),
      ),
    ).toBe('unavailable');
    expect(
      classifyOpenStackError(
        new OpenStackTimeoutError({ service: 'image', method: 'GET', url: 'http://h', timeoutMs: 5 }),
      ),
    ).toBe('error');
    expect(classifyOpenStackError(new Error('boom'))).toBe('error');
  });

  it('recognises its own errors', () => {
    expect(isOpenStackError(http(500))).toBe(true);
    expect(isOpenStackError(new Error('x'))).toBe(false);
    expect(http(404).code).toBe('http');
    expect(http(404).name).toBe('OpenStackHttpError');
  });
});

describe('secrets', () => {
  it('redacts every occurrence of the secrets', () => {
    expect(redactSecrets('token abcd-1234 again abcd-1234, pw hunter22', ['abcd-1234', 'hunter22', undefined])).toBe(
      'token *** again ***, pw ***',
    );
  });

  it('drops user info from URLs', () => {
    expect(safeUrl('https://admin:pw@keystone.example:5000/v3')).toBe('https://keystone.example:5000/v3');
    expect(safeUrl('https://keystone.example:5000/v3')).toBe('https://keystone.example:5000/v3');
    expect(http(404).message).toBe('compute GET http://h/servers returned HTTP 404');
  });
});
