import {
  embeddedServicesRunning,
  readServicesEnv,
  servicesGivenInEnv,
  startEmbeddedServices,
  startSupportServices,
} from './services';

/**
 * Runs once per Jest project before its test files: uses the service URLs from env when all are given (and
 * provides the mail sink and the test server when env does not), else starts the embedded services (or
 * reuses ones already up, as `npm run verify` starts them once for all tiers) and exports their URLs to the
 * test workers, which inherit this process's env.
 */
export default function globalSetup(): void {
  if (servicesGivenInEnv()) {
    // Jest runs every project's setup before any test: the first one provides, the others find it in env.
    const supportDir = startSupportServices();
    if (supportDir) process.env.LEADFLOW_HARNESS_SUPPORT_DIR = supportDir;
    return;
  }
  const alreadyRunning = embeddedServicesRunning();
  if (!alreadyRunning) startEmbeddedServices();
  process.env.LEADFLOW_HARNESS_STARTED_SERVICES = alreadyRunning ? '' : '1';
  Object.assign(process.env, readServicesEnv());
}
