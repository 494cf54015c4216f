// One Jest run over every workspace, so `npm test` ends with a single summary.
/** @type {import('jest').Config} */
export default {
  projects: ['<rootDir>/simulator', '<rootDir>/server-bridge', '<rootDir>/webapp'],
};
