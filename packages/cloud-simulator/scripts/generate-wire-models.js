#!/usr/bin/env node
/*
 * Generates src/aws/wire/generated/*.ts: the XML wire model (element names, list item names, timestamp formats)
 * of the output shapes of every operation the simulator serves, read from the schemas of the AWS SDK for
 * JavaScript v3 clients installed in the repository. The simulator's generic XML writer walks these tables, so the
 * element names are exactly the ones the SDK's deserializers read (`instancesSet`, `tagSet`, `item`, `<member>`,
 * `<DBInstance>` …) without depending on the SDK at run time.
 *
 * Run after upgrading the SDK clients:
 *   ./maestro node packages/cloud-simulator/scripts/generate-wire-models.js
 */
'use strict';

const fs = require('node:fs');
const path = require('node:path');

/** The operations served, per simulated service: [wire model name, SDK client package, operations]. */
const SERVICES = [
  [
    'ec2',
    '@aws-sdk/client-ec2',
    [
      'DescribeInstances',
      'DescribeVolumes',
      'DescribeSnapshots',
      'DescribeImages',
      'DescribeSecurityGroups',
      'DescribeVpcs',
      'DescribeSubnets',
      'DescribeVpcPeeringConnections',
      'DescribeVpnGateways',
      'DescribeVpcEndpoints',
      'DescribeRouteTables',
      'DescribeNetworkInterfaces',
      'DescribeNatGateways',
      'DescribeNetworkAcls',
      'DescribeInstanceTypes',
      'DescribeRegions',
    ],
  ],
  ['elb', '@aws-sdk/client-elastic-load-balancing', ['DescribeLoadBalancers', 'DescribeTags']],
  [
    'elbv2',
    '@aws-sdk/client-elastic-load-balancing-v2',
    ['DescribeLoadBalancers', 'DescribeTags', 'DescribeTargetGroups', 'DescribeTargetHealth', 'DescribeListeners'],
  ],
  ['rds', '@aws-sdk/client-rds', ['DescribeDBInstances']],
  ['sts', '@aws-sdk/client-sts', ['GetCallerIdentity', 'AssumeRole']],
  ['s3', '@aws-sdk/client-s3', ['ListBuckets', 'GetBucketLocation', 'GetBucketTagging']],
  ['cloudfront', '@aws-sdk/client-cloudfront', ['ListDistributions']],
];

const packageDir = path.resolve(__dirname, '..');
const outDir = path.join(packageDir, 'src/aws/wire/generated');

/** Loads a module the way the SDK client resolves it, so the schema classes match the client's own. */
function requireFrom(clientPackage, request) {
  const clientEntry = require.resolve(clientPackage, { paths: [packageDir] });
  // eslint-disable-next-line import/no-dynamic-require
  return require(require.resolve(request, { paths: [clientEntry] }));
}

/** The scalar kind of a simple schema: 's' text, 't' ISO-8601, 'e' epoch seconds, 'h' HTTP date, 'b' base64. */
function scalarKind(ns) {
  if (ns.isTimestampSchema()) {
    const schema = ns.getSchema();
    const format = typeof schema === 'number' ? schema : 4;
    if (format === 7) return 'e';
    if (format === 6) return 'h';
    return 't';
  }
  if (ns.isBlobSchema()) return 'b';
  if (ns.isStringSchema() || ns.isNumericSchema() || ns.isBooleanSchema()) return 's';
  if (ns.isBigIntegerSchema() || ns.isBigDecimalSchema()) return 's';
  return undefined;
}

function generate([model, clientPackage, operations]) {
  const { NormalizedSchema } = requireFrom(clientPackage, '@smithy/core/schema');
  const client = requireFrom(clientPackage, clientPackage);
  const version = requireFrom(clientPackage, `${clientPackage}/package.json`).version;
  const shapes = new Map();

  /** Returns the target of a member: a scalar kind or the name of a shape added to `shapes`. */
  function target(ns) {
    const kind = scalarKind(ns);
    if (kind) return kind;
    const name = ns.getName();
    if (!name) throw new Error(`${model}: anonymous shape`);
    if (shapes.has(name)) return name;
    if (ns.isListSchema()) {
      shapes.set(name, null);
      const item = ns.getValueSchema();
      const flattened = !!ns.getMergedTraits().xmlFlattened;
      shapes.set(name, {
        item: flattened ? '' : item.getMergedTraits().xmlName ?? 'member',
        of: target(item),
      });
      return name;
    }
    if (ns.isStructSchema()) {
      shapes.set(name, null);
      shapes.set(name, { members: members(ns) });
      return name;
    }
    if (ns.isMapSchema()) {
      shapes.set(name, null);
      const key = ns.getKeySchema();
      const value = ns.getValueSchema();
      shapes.set(name, {
        map: {
          entry: ns.getMergedTraits().xmlFlattened ? '' : 'entry',
          key: key.getMergedTraits().xmlName ?? 'key',
          value: value.getMergedTraits().xmlName ?? 'value',
          of: target(value),
        },
      });
      return name;
    }
    throw new Error(`${model}: unsupported shape ${name}`);
  }

  /** The body members of a structure, as [memberName, xmlName, target] (flattened lists carry their own name). */
  function members(ns) {
    const result = [];
    for (const [memberName, member] of ns.structIterator()) {
      const traits = member.getMergedTraits();
      if (traits.httpHeader || traits.httpPrefixHeaders || traits.httpResponseCode || traits.httpQuery) continue;
      if (traits.xmlAttribute) continue;
      result.push([memberName, member.getMemberTraits().xmlName ?? memberName, target(member)]);
    }
    return result;
  }

  const ops = {};
  for (const operation of operations) {
    const schema = client[`${operation}$`];
    if (!schema) throw new Error(`${model}: no schema for ${operation}`);
    const output = NormalizedSchema.of(schema[5]);
    const def = {
      output: target(output),
      root: output.getMergedTraits().xmlName ?? undefined,
    };
    for (const [memberName, member] of output.structIterator()) {
      if (member.getMergedTraits().httpPayload) {
        def.payload = [memberName, member.getMergedTraits().xmlName ?? member.getName()];
      }
    }
    ops[operation] = def;
  }

  const lines = [];
  lines.push(`// Generated by scripts/generate-wire-models.js from ${clientPackage} ${version}. Do not edit.`);
  lines.push('/* eslint-disable */');
  lines.push(`import type { WireModel } from '../types';`);
  lines.push('');
  lines.push(`/** The XML wire model of the ${model} operations the simulator serves. */`);
  lines.push(`export const ${model}WireModel: WireModel = {`);
  lines.push('  operations: {');
  for (const [name, def] of Object.entries(ops)) {
    lines.push(`    ${name}: ${JSON.stringify(def)},`);
  }
  lines.push('  },');
  lines.push('  shapes: {');
  for (const name of [...shapes.keys()].sort()) {
    lines.push(`    ${JSON.stringify(name)}: ${JSON.stringify(shapes.get(name))},`);
  }
  lines.push('  },');
  lines.push('};');
  lines.push('');
  const file = path.join(outDir, `${model}.ts`);
  // eslint-disable-next-line import/no-dynamic-require
  const prettier = require(require.resolve('prettier', {
    paths: [packageDir],
  }));
  const options = prettier.resolveConfig.sync(file) ?? {};
  fs.writeFileSync(file, prettier.format(lines.join('\n'), { ...options, filepath: file }));
  return shapes.size;
}

fs.mkdirSync(outDir, { recursive: true });
for (const service of SERVICES) {
  const count = generate(service);
  process.stdout.write(`${service[0]}: ${count} shapes\n`);
}
