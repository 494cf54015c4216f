// React 19 as a Mattermost 12 page has it, from the test-hosts/react-19 workspace: built there (its
// `npm run build`, webpack) when its output is missing, since React 19 ships no script for a page.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');
const workspace = join(root, 'test-hosts', 'react-19');
const output = join(workspace, 'dist', 'react-19-globals.js');

export function react19Globals(): string {
  if (!existsSync(output)) {
    execFileSync(
      process.execPath,
      [join(root, 'node_modules', 'webpack-cli', 'bin', 'cli.js'), '--mode=production'],
      { cwd: workspace, stdio: 'pipe', timeout: 120_000 },
    );
  }
  if (!existsSync(output)) throw new Error(`The React 19 host build did not produce ${output}`);
  return output;
}
