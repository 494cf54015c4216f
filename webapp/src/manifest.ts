// The plugin's identity comes from plugin.json at the repository root, the one source of truth;
// webpack keeps only the fields read here.
import pluginJson from '../../plugin.json';

export const manifest: { id: string; version: string; name: string } = {
  id: pluginJson.id,
  version: pluginJson.version,
  name: pluginJson.name,
};
