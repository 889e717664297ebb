import {
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { join } from 'node:path';
import type { StoredEvent } from './history';
import type { EngineLogger, ExecutionStatus, ParkedWait } from './types';

/** Events of a history kept in its file; older ones are dropped there. */
export const PERSISTED_HISTORY_LIMIT = 2000;

/** One execution as `<dataDir>/executions/<machine>.<name>.json` holds it. */
export interface PersistedExecution {
  readonly version: 1;
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  /** JSON text. */
  readonly input: string;
  readonly status: ExecutionStatus;
  /** Epoch ms. */
  readonly startDate: number;
  readonly stopDate?: number;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** Set while the execution waits on a top-level callback task. */
  readonly parked?: ParkedWait;
  readonly nextEventId: number;
  /** The latest `PERSISTED_HISTORY_LIMIT` events. */
  readonly history: readonly StoredEvent[];
}

/**
 * Writes executions to disk, one JSON file each, atomically (temporary
 * file, then rename). Writes of one execution are serialized and
 * coalesced: a write always takes the latest snapshot.
 */
export class ExecutionStore {
  private readonly dir?: string;
  private readonly writing = new Map<string, Promise<void>>();
  private readonly dirty = new Map<string, () => PersistedExecution>();
  private tmpCounter = 0;

  constructor(
    dataDir: string | undefined,
    private readonly logger: EngineLogger,
  ) {
    this.dir = dataDir && join(dataDir, 'executions');
  }

  get enabled(): boolean {
    return this.dir !== undefined;
  }

  /**
   * Queues a write of the snapshot `snapshot()` returns at write time;
   * resolves once that snapshot (or a later one) is on disk.
   */
  save(key: string, snapshot: () => PersistedExecution): Promise<void> {
    if (!this.dir) return Promise.resolve();
    this.dirty.set(key, snapshot);
    let writing = this.writing.get(key);
    if (!writing) {
      writing = this.drain(key);
      this.writing.set(key, writing);
    }
    return writing;
  }

  /** Resolves once every queued write is on disk. */
  async flush(): Promise<void> {
    while (this.writing.size > 0) {
      await Promise.all(this.writing.values());
    }
  }

  /** Every stored execution; unreadable files are logged and skipped. */
  async loadAll(): Promise<PersistedExecution[]> {
    if (!this.dir) return [];
    await mkdir(this.dir, { recursive: true });
    const files = await readdir(this.dir);
    const records: PersistedExecution[] = [];
    for (const file of files) {
      const path = join(this.dir, file);
      if (file.endsWith('.tmp')) {
        await rm(path, { force: true });
        continue;
      }
      if (!file.endsWith('.json')) continue;
      try {
        records.push(JSON.parse(await readFile(path, 'utf8')));
      } catch (error) {
        this.logger.error('Skipping an unreadable execution file', {
          file,
          error,
        });
      }
    }
    return records;
  }

  private async drain(key: string): Promise<void> {
    try {
      for (;;) {
        const snapshot = this.dirty.get(key);
        if (!snapshot) return;
        this.dirty.delete(key);
        await this.write(snapshot());
      }
    } finally {
      this.writing.delete(key);
    }
  }

  private async write(record: PersistedExecution): Promise<void> {
    const dir = this.dir as string;
    const file = join(dir, fileName(record.executionArn));
    const tmp = `${file}.${process.pid}.${this.tmpCounter++}.tmp`;
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(tmp, JSON.stringify(record));
      await rename(tmp, file);
    } catch (error) {
      this.logger.error('Could not persist an execution', {
        execution_arn: record.executionArn,
        error,
      });
    }
  }
}

/** `<machine>.<execution>.json`, from an execution ARN. */
function fileName(executionArn: string): string {
  const [machine, execution] = executionArn.split(':').slice(-2);
  return `${machine}.${execution}.json`;
}
