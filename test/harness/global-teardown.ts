import { stopEmbeddedServices, stopSupportServices } from './services';

/** Stops the embedded services (or the support services) only when this run's global setup started them. */
export default function globalTeardown(): void {
  const supportDir = process.env.LEADFLOW_HARNESS_SUPPORT_DIR ?? '';
  if (supportDir !== '') {
    stopSupportServices(supportDir);
    process.env.LEADFLOW_HARNESS_SUPPORT_DIR = '';
  }
  if (process.env.LEADFLOW_HARNESS_STARTED_SERVICES === '1') {
    stopEmbeddedServices();
    process.env.LEADFLOW_HARNESS_STARTED_SERVICES = '';
  }
}
