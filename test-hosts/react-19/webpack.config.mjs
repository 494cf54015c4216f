// Bundles React 19 (production build) into dist/react-19-globals.js, a plain script for a <script> tag.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default (_env, argv) => ({
  mode: argv.mode ?? 'production',
  entry: resolve(here, 'src/globals.js'),
  output: { path: resolve(here, 'dist'), filename: 'react-19-globals.js', clean: true },
  devtool: false,
  performance: { hints: false },
});
