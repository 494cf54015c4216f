// The page the browser test loads in place of Mattermost's webapp: it provides what a plugin bundle
// finds there (React and ReactDOM of the chosen generation, the other globals, `registerPlugin`, a
// registry and a store), loads the plugin's built bundle with a script tag as Mattermost does, and
// renders what the plugin registered into a System Console page or the channels page. It runs in the
// browser; the test's server transpiles each of these modules with TypeScript and serves them.
import { ChannelsPage } from './channels.js';
import { SystemConsole } from './console.js';
import { h, host, options, reportError, type PluginInstance } from './page.js';
import { createRegistry } from './registry.js';
import { createStore, loadState } from './store.js';

function loadBundle(): Promise<void> {
  return new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = options.bundleUrl;
    script.onload = () => resolve();
    script.onerror = () => reject(new Error(`Could not load ${options.bundleUrl}`));
    document.head.appendChild(script);
  });
}

async function start() {
  const store = createStore(await loadState(options.view));
  host.registerPlugin = (id: string, plugin: PluginInstance) => {
    try {
      plugin.initialize(createRegistry(id), store);
    } catch (err) {
      reportError('initialize', err);
    }
  };
  await loadBundle();
  const container = document.getElementById('root') as HTMLElement;
  const page = options.view === 'console' ? h(SystemConsole, { store }) : h(ChannelsPage);
  // React 18 and 19 render through createRoot; React 17 has only ReactDOM.render.
  if (host.ReactDOM.createRoot) host.ReactDOM.createRoot(container).render(page);
  else host.ReactDOM.render!(page, container);
  document.body.dataset.pluginLoaded = 'true';
  document.body.dataset.react = host.React.version;
}

start().catch((err: Error) => {
  reportError('host', err);
  document.body.dataset.pluginLoaded = 'failed';
  document.body.append(err.message);
});
