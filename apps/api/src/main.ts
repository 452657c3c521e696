import 'reflect-metadata';
import { ConfigError, loadConfig } from '@leadflow/config';
import { createApp } from './create-app';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const app = await createApp(config);
  await app.listen(config.PORT, config.HOST);
  process.stdout.write(
    `${JSON.stringify({ level: 30, service: 'api', msg: `Leadflow API on http://${config.HOST}:${config.PORT}/api (docs: /api/docs)` })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(
    `leadflow api: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
