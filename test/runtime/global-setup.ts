import { labEnv } from './lab-env';
import { resetReport } from './report';

/** Fails the run at once (never skips) when the lab is not prepared, and clears the report rows. */
export default function globalSetup(): void {
  labEnv();
  resetReport();
}
