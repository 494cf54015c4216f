import base from '../jest.base.config.mjs';

export default { ...base, displayName: 'simulator' };
