// Builds the plugin's webapp bundle, webapp/dist/main.js, which Mattermost loads from plugin.json's
// webapp.bundle_path. React, ReactDOM, Redux, ReactRedux and PropTypes come from the Mattermost page
// as globals, so they stay out of the bundle: sharing the host's React instance is also what makes
// hooks work inside components the host renders.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default (_env, argv) => ({
  mode: argv.mode ?? 'production',
  entry: resolve(here, 'src/index.tsx'),
  output: {
    path: resolve(here, 'dist'),
    filename: 'main.js',
    clean: true,
  },
  resolve: {
    extensions: ['.ts', '.tsx', '.js', '.json'],
  },
  module: {
    rules: [
      {
        test: /\.tsx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'ts-loader',
          options: {
            configFile: resolve(here, 'tsconfig.json'),
            onlyCompileBundledFiles: true,
            // tsconfig.json says noEmit for `tsc -p`, the type check; the loader must emit.
            compilerOptions: { noEmit: false, sourceMap: false },
          },
        },
      },
    ],
  },
  externals: {
    react: 'React',
    'react-dom': 'ReactDOM',
    redux: 'Redux',
    'react-redux': 'ReactRedux',
    'prop-types': 'PropTypes',
  },
  devtool: false,
  performance: {
    // The size limit is enforced by webapp/test/dist.test.ts (150 KB); webpack's own hint is lower.
    hints: false,
  },
});
