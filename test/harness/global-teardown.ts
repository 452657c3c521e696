import { stopEmbeddedServices } from './services';

/** Stops the embedded services only when this run's global setup started them. */
export default function globalTeardown(): void {
  if (process.env.LEADFLOW_HARNESS_STARTED_SERVICES === '1') {
    stopEmbeddedServices();
    process.env.LEADFLOW_HARNESS_STARTED_SERVICES = '';
  }
}
