// One Jest run over every workspace, so `npm test` ends with a single summary.
/** @type {import('jest').Config} */
export default {
  projects: ['<rootDir>/simulator', '<rootDir>/server-bridge', '<rootDir>/webapp'],
  // A global option: in a run over several projects, each project's own testTimeout is ignored.
  testTimeout: 30000,
};
