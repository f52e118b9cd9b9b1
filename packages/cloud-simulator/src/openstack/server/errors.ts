import { STATUS_CODES } from 'node:http';
import type { OpenStackServiceType, ServiceResponse } from './types';

/** An error a service answers, formatted in the service's own shape by {@link serviceError}. */
export class OpenStackApiError extends Error {
  /**
   * @param status - the HTTP status
   * @param message - the human-readable message
   * @param type - Neutron's error type (`PortNotFound` …); derived from the status when absent
   */
  constructor(readonly status: number, message: string, readonly type?: string) {
    super(message);
    this.name = 'OpenStackApiError';
  }
}

/** Nova's and Cinder's fault names by status (`nova/api/openstack/wsgi.py`); others are `computeFault`. */
const NOVA_FAULT_NAMES: Record<number, string> = {
  400: 'badRequest',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'itemNotFound',
  405: 'badMethod',
  409: 'conflictingRequest',
  413: 'overLimit',
  415: 'badMediaType',
  429: 'overLimit',
  501: 'notImplemented',
  503: 'serviceUnavailable',
};

/** Neutron's error types for plain HTTP errors. */
function neutronType(status: number): string {
  const reason = (STATUS_CODES[status] ?? 'Error').replace(/[^A-Za-z]/g, '');
  return `HTTP${reason}`;
}

/** A webob-style HTML error page, as Glance answers errors. */
function htmlPage(status: number, message: string): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return `<html>\n <head>\n  <title>${title}</title>\n </head>\n <body>\n  <h1>${title}</h1>\n  ${message}<br /><br />\n\n\n\n </body>\n</html>`;
}

/**
 * An error in the shape of a service: Nova and Cinder `{"itemNotFound": {"code": 404, "message": …}}`, Neutron
 * `{"NeutronError": {"type", "message", "detail"}}`, Glance an HTML page, Octavia
 * `{"faultcode": "Client" | "Server", "faultstring", "debuginfo": null}`.
 */
export function serviceError(service: OpenStackServiceType, error: OpenStackApiError): ServiceResponse {
  const { status, message } = error;
  switch (service) {
    case 'compute':
    case 'volumev3':
      return {
        status,
        body: {
          [NOVA_FAULT_NAMES[status] ?? 'computeFault']: {
            code: status,
            message,
          },
        },
      };
    case 'network':
      return {
        status,
        body: {
          NeutronError: {
            type: error.type ?? neutronType(status),
            message,
            detail: '',
          },
        },
      };
    case 'image':
      return {
        status,
        body: htmlPage(status, message),
        headers: { 'content-type': 'text/html; charset=UTF-8' },
      };
    default:
      return {
        status,
        body: {
          faultcode: status < 500 ? 'Client' : 'Server',
          faultstring: message,
          debuginfo: null,
        },
      };
  }
}

/** The message of the 401 every service answers without a valid token. */
export const AUTHENTICATION_REQUIRED = 'The request you have made requires authentication.';

/** Keystone's error body. */
export function keystoneError(status: number, message: string): ServiceResponse {
  return {
    status,
    body: {
      error: { code: status, title: STATUS_CODES[status] ?? 'Error', message },
    },
  };
}
