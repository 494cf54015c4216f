// The webapp's tests run in jsdom as CommonJS: the bundle targets browsers through webpack, so the
// ESM-in-Node set-up of the other workspaces buys nothing here, and CommonJS lets tests import plugin.json.
/** @type {import('jest').Config} */
export default {
  displayName: 'webapp',
  testEnvironment: 'jsdom',
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json'],
  testMatch: ['<rootDir>/test/**/*.test.ts', '<rootDir>/test/**/*.test.tsx'],
  testTimeout: 30000,
};
