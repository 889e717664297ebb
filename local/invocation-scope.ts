import { AsyncLocalStorage } from 'node:async_hooks';
import { InvokeStore, InvokeStoreBase } from '@aws/lambda-invoke-store';

/** What Lambda's multi-concurrency runtime sets, and Powertools reads. */
const CONCURRENCY_ENV = 'AWS_LAMBDA_MAX_CONCURRENCY';
/** Invocations the local runtime may run at once, as far as Powertools knows. */
const LOCAL_CONCURRENCY = '1000';

type Scope = Record<string | symbol, unknown>;

/**
 * The invoke store of Lambda's multi-concurrency runtime: one scope per
 * invocation, carried through its async work. Built here on a static
 * AsyncLocalStorage import (the package's own factory imports it lazily,
 * which the test runner's module sandbox refuses).
 */
class LocalInvokeStore extends InvokeStoreBase {
  readonly #scopes = new AsyncLocalStorage<Scope>();

  getContext(): Scope | undefined {
    return this.#scopes.getStore();
  }

  hasContext(): boolean {
    return this.#scopes.getStore() !== undefined;
  }

  get<T = unknown>(key: string | symbol): T | undefined {
    return this.#scopes.getStore()?.[key] as T | undefined;
  }

  set<T = unknown>(key: string | symbol, value: T): void {
    const scope = this.#scopes.getStore();
    if (this.isProtectedKey(key) || !scope) {
      throw new Error(`Cannot set ${String(key)} outside an invocation`);
    }
    scope[key] = value;
  }

  run<T>(context: Scope, fn: () => T): T {
    return this.#scopes.run(context, fn);
  }
}

/** Where Lambda's runtime publishes its invoke store, and Powertools looks. */
const lambdaGlobal = globalThis as { awslambda?: { InvokeStore?: unknown } };

/**
 * The process's invoke store, created and announced to Powertools on
 * first use. Call it before any function logs; invocations call it too.
 */
export function useInvocationScopes(): InvokeStoreBase {
  lambdaGlobal.awslambda ??= {};
  lambdaGlobal.awslambda.InvokeStore ??= new LocalInvokeStore();
  // The SDK asks the package for its store on every request. Asked first
  // while the variable is unset, the package adopts this one and never
  // builds its own, whose lazy `node:async_hooks` import the test runner's
  // module sandbox refuses.
  void InvokeStore.getInstanceAsync();
  // Only once the store exists: Powertools throws when the variable is set
  // and there is no store.
  process.env[CONCURRENCY_ENV] ??= LOCAL_CONCURRENCY;
  return lambdaGlobal.awslambda.InvokeStore as InvokeStoreBase;
}

/**
 * Runs one local invocation in its own invocation scope. On Lambda an
 * environment runs one invocation at a time, so Powertools keeps a
 * logger's appended keys (`tenant_id`, `conversation_id`) and its Lambda
 * context in module state; here every function shares one process and
 * invocations overlap, so one invocation's reset would strip the keys of
 * another's log lines. Lambda's multi-concurrency runtime meets the same
 * problem with an invoke store that Powertools scopes its state to: the
 * local runtime provides one too.
 */
export function inInvocationScope<T>(
  requestId: string,
  run: () => Promise<T>,
): Promise<T> {
  const store = useInvocationScopes();
  const { REQUEST_ID } = InvokeStoreBase.PROTECTED_KEYS;
  return store.run({ [REQUEST_ID]: requestId }, run);
}
