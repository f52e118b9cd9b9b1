import { stsWireModel } from '../../wire/generated/sts';
import { AwsApiError, validationError } from '../errors';
import type { OperationHandler, ServiceDefinition } from '../types';

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role\/(?:[\w+=,.@/-]*\/)?([\w+=,.@-]{1,64})$/;
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

const getCallerIdentity: OperationHandler = call => ({
  UserId: call.identity.userId,
  Account: call.identity.account.spec.accountId,
  Arn: call.identity.arn,
});

/**
 * `AssumeRole`: any account of the world; a role the account's spec lists (any role when it lists none), with
 * its `ExternalId` when it has one. Otherwise `AccessDenied`, as STS answers.
 */
const assumeRole: OperationHandler = call => {
  const roleArn = call.params.get('RoleArn') ?? '';
  const sessionName = call.params.get('RoleSessionName') ?? '';
  const duration = call.params.int('DurationSeconds') ?? 3600;
  const match = ROLE_ARN.exec(roleArn);
  if (!match) {
    throw validationError(`Value '${roleArn}' at 'roleArn' is not a valid role ARN`);
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      `Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`,
    );
  }
  if (duration < 900 || duration > 43200) {
    throw validationError(
      `Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200`,
    );
  }
  const [, accountId, roleName] = match;
  const denied = () =>
    new AwsApiError(
      'AccessDenied',
      `User: ${call.identity.arn} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`,
      403,
    );
  const account = call.world.accounts.find(a => a.spec.accountId === accountId);
  if (!account) throw denied();
  const roles = account.spec.roles;
  if (roles) {
    const role = roles.find(r => r.name === roleName);
    if (!role) throw denied();
    if (role.externalId !== undefined && role.externalId !== call.params.get('ExternalId')) {
      throw denied();
    }
  }
  const { credentials, identity, roleId } = call.credentials.issue(account, roleName, sessionName, duration);
  return {
    Credentials: credentials,
    AssumedRoleUser: {
      AssumedRoleId: `${roleId}:${sessionName}`,
      Arn: identity.arn,
    },
  };
};

/** The simulated STS API (AWS query, version 2011-06-15). */
export const stsService: ServiceDefinition = {
  name: 'sts',
  protocol: 'query',
  xmlNamespace: 'https://sts.amazonaws.com/doc/2011-06-15/',
  model: stsWireModel,
  iamAction: action => `sts:${action}`,
  operations: { GetCallerIdentity: getCallerIdentity, AssumeRole: assumeRole },
};
