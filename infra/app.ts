/**
 * Entry point of the CDK app (`cdk.json` runs it with tsx). Settings come
 * from the `frontline:*` context keys; see infra/settings.ts.
 */
import { createFrontlineApp } from './frontline-app';

createFrontlineApp().app.synth();
