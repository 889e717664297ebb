/**
 * A deployment setting, construct prop or tenant configuration file is
 * wrong. The message names the setting and what would be accepted instead,
 * so `cdk synth` fails with something an operator can act on.
 */
export class ConfigurationError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}
