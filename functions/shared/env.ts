import { InvariantError } from './errors';

/** Reads a required environment variable, naming it when missing. */
export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new InvariantError(`Environment variable ${name} is not set`);
  }
  return value;
}
