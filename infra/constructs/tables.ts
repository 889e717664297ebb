import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { TABLES, type TableSpec } from '../../schemas/tables';
import type { TableAccess, TableKey } from '../function-catalogue';

export interface FrontlineTablesProps {
  /**
   * What happens to the tables when they leave the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

const READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
];
const WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

/**
 * The DynamoDB tables of `schemas/tables.ts`: on-demand, point-in-time
 * recovery, encrypted with the AWS managed key, deletion-protected.
 *
 * The AWS managed key (`aws/dynamodb`) keeps data encrypted under KMS with
 * CloudTrail-visible use and no key policy to maintain; a customer managed
 * key is only worth its cost once tenants need their own key or
 * cross-account access.
 */
export class FrontlineTables extends Construct {
  /** The tables, by their key in `TABLES`. */
  readonly tables: Readonly<Record<TableKey, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: FrontlineTablesProps = {}) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;

    const entries = Object.entries(TABLES).map(([key, spec]) => [
      key,
      this.createTable(spec, removalPolicy),
    ]);
    this.tables = Object.fromEntries(entries) as Record<
      TableKey,
      dynamodb.Table
    >;
  }

  /**
   * Grants exactly the item actions of `access` on a table and its indexes;
   * no scans, no table management.
   */
  grant(grantee: iam.IGrantable, key: TableKey, access: TableAccess): void {
    const table = this.tables[key];
    const indexArns = TABLES[key].globalIndexes.map(
      (index) => `${table.tableArn}/index/${index.name}`,
    );
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: READ_ACTIONS,
        resources: [table.tableArn, ...indexArns],
      }),
    );
    if (access === 'readWrite') {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: WRITE_ACTIONS,
          resources: [table.tableArn],
        }),
      );
    }
  }

  private createTable(
    spec: TableSpec,
    removalPolicy: RemovalPolicy,
  ): dynamodb.Table {
    const table = new dynamodb.Table(this, spec.name, {
      partitionKey: { name: spec.partitionKey, type: STRING },
      sortKey: spec.sortKey ? { name: spec.sortKey, type: STRING } : undefined,
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: spec.ttlAttribute,
      deletionProtection: true,
      removalPolicy,
    });
    for (const index of spec.globalIndexes) {
      table.addGlobalSecondaryIndex({
        indexName: index.name,
        partitionKey: { name: index.partitionKey, type: STRING },
        sortKey: { name: index.sortKey, type: STRING },
        projectionType: dynamodb.ProjectionType.ALL,
      });
    }
    return table;
  }
}

const STRING = dynamodb.AttributeType.STRING;
