import { XmlWriter, element, escapeXml } from '../wire/xml';
import type { AwsApiError } from './errors';
import type { ServiceDefinition, WireProtocol } from './types';

/** An HTTP response of the simulated API. */
export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const writers = new WeakMap<ServiceDefinition, XmlWriter>();

function writerOf(service: ServiceDefinition): XmlWriter {
  let writer = writers.get(service);
  if (!writer) {
    writer = new XmlWriter(service.model);
    writers.set(service, writer);
  }
  return writer;
}

function requestIdHeaders(protocol: WireProtocol, requestId: string): Record<string, string> {
  if (protocol === 'rest-xml') {
    return {
      'x-amz-request-id': requestId,
      'x-amz-id-2': Buffer.from(requestId).toString('base64'),
      'x-amzn-requestid': requestId,
    };
  }
  return { 'x-amzn-requestid': requestId };
}

/** The successful response of an operation: its output written with the service's wire model. */
export function successResponse(
  service: ServiceDefinition,
  action: string,
  output: object,
  requestId: string,
): ApiResponse {
  const writer = writerOf(service);
  const operation = service.model.operations[action];
  const ns = service.xmlNamespace;
  let body: string;
  if (service.protocol === 'ec2') {
    body = `<${action}Response xmlns="${ns}"><requestId>${requestId}</requestId>${writer.members(
      operation.output,
      output,
    )}</${action}Response>`;
  } else if (service.protocol === 'query') {
    body = `<${action}Response xmlns="${ns}"><${action}Result>${writer.members(
      operation.output,
      output,
    )}</${action}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${action}Response>`;
  } else if (operation.payload) {
    const [member, root] = operation.payload;
    const target = service.model.shapes[operation.output];
    const shape = target && 'members' in target ? target.members.find(m => m[0] === member)?.[2] : undefined;
    const value = (output as Record<string, object | undefined>)[member] ?? {};
    body = writer.root(root, shape ?? member, value, ns);
  } else {
    body = writer.root(operation.root ?? operation.output, operation.output, output, ns);
  }
  return {
    status: 200,
    headers: {
      'content-type': service.protocol === 'rest-xml' ? 'application/xml' : 'text/xml;charset=UTF-8',
      ...requestIdHeaders(service.protocol, requestId),
    },
    body: XML_DECLARATION + body,
  };
}

/** The error response of a protocol, in the body layout its SDK deserializer reads. */
export function errorResponse(
  protocol: WireProtocol,
  xmlNamespace: string,
  error: AwsApiError,
  requestId: string,
  restStyle: 's3' | 'aws' = 'aws',
): ApiResponse {
  const code = element('Code', error.code);
  const message = element('Message', error.message);
  let body: string;
  if (protocol === 'ec2') {
    body = `<Response><Errors><Error>${code}${message}</Error></Errors><RequestID>${requestId}</RequestID></Response>`;
  } else if (protocol === 'rest-xml' && restStyle === 's3') {
    const details = Object.entries(error.details)
      .map(([k, v]) => element(k, v))
      .join('');
    body = `<Error>${code}${message}${details}<RequestId>${requestId}</RequestId><HostId>${escapeXml(
      Buffer.from(requestId).toString('base64'),
    )}</HostId></Error>`;
  } else {
    const type = error.status >= 500 ? 'Receiver' : 'Sender';
    body = `<ErrorResponse xmlns="${xmlNamespace}"><Error><Type>${type}</Type>${code}${message}</Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  }
  return {
    status: error.status,
    headers: {
      'content-type': protocol === 'rest-xml' ? 'application/xml' : 'text/xml;charset=UTF-8',
      ...requestIdHeaders(protocol, requestId),
      ...error.headers,
    },
    body: XML_DECLARATION + body,
  };
}
