// Make the CLI entry executable after tsc (npm links it as the `portcullis` bin).
import { chmodSync } from 'node:fs';
chmodSync(new URL('../dist/cli/main.js', import.meta.url), 0o755);
