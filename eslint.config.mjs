import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/coverage/**',
      'bench/results/**',
      'test-artifacts/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      // Logs go through pino; a stray console.log would corrupt the stdio transport.
      'no-console': ['error', { allow: ['error', 'warn'] }],
    },
  },
  {
    files: [
      'scripts/**',
      'bench/**',
      '**/cli.ts',
      'server-bridge/src/main.ts',
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/test/**',
    ],
    rules: { 'no-console': 'off' },
  },
  // The bridge's errors live in one module that imports no layer, so any layer may throw them.
  {
    files: ['server-bridge/src/**/*.ts'],
    ignores: ['server-bridge/src/errors.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ClassDeclaration[superClass.name=/(Error|Problem|Refused)$/]',
          message: 'Declare error classes in server-bridge/src/errors.ts.',
        },
      ],
    },
  },
  // Import boundaries of the bridge: one way into Mattermost, tools apart from transports and the
  // live layer, formatting that only knows the shapes of what it formats.
  {
    files: ['server-bridge/src/**/*.ts'],
    ignores: ['server-bridge/src/gateway/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@mattermost/client',
              message: 'Only gateway/ talks to Mattermost: add a gateway operation instead.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server-bridge/src/tools/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@mattermost/client', message: 'Only gateway/ talks to Mattermost.' }],
          patterns: [
            {
              group: ['../http/*', '../events/*'],
              message:
                'Tools see the session through their context, never the transport or the live layer.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['server-bridge/src/format/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [{ name: '@mattermost/client', message: 'Only gateway/ talks to Mattermost.' }],
          patterns: [
            {
              group: ['../*'],
              allowTypeImports: true,
              message: 'Formatting is pure: from other layers it imports types only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['webapp/src/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
