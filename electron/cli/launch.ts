/** `npm start -- [--browser] FILES…` (out/launch.cjs): the launcher (launcher.ts) run in this process. */
import { launch } from './launcher';
import { processLaunchDeps } from './launch-process';

const deps = processLaunchDeps();
launch(process.argv.slice(2), deps)
  .then((outcome) => {
    if (outcome.shell !== 'browser') process.exit(outcome.exitCode);
  })
  .catch((e: unknown) => {
    deps.endProgress();
    console.error(`TraceLens: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
