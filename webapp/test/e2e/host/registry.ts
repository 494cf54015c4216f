// The plugin registry of the host page, checking what Mattermost's own registry and reducers check
// (webapp/channels/src/plugins/registry.ts and the user settings extractor): where Mattermost would
// silently drop a registration, the host records an error, so the test fails instead of a feature
// quietly missing on a real server.
import type * as ReactTypes from 'react';

import type {
  AdminConsoleCustomSettingProps,
  PluginConfiguration,
  PluginConfigurationCustomSection,
  PluginRegistry,
} from '../../../src/types/mattermost-webapp';
import { h, options, React, reportError } from './page.js';

interface CustomSetting {
  component: ReactTypes.ComponentType<AdminConsoleCustomSettingProps>;
  showTitle: boolean;
}

export const registered = {
  /** By plugin id and setting key in lower case, as the System Console looks them up. */
  customSettings: new Map<string, CustomSetting>(),
  userSettings: [] as PluginConfiguration[],
  rootComponents: [] as { id: string; component: ReactTypes.ComponentType }[],
  mainMenuActions: [] as { id: string; text: ReactTypes.ReactNode; action: () => void }[],
};
let nextId = 0;

/** What Mattermost accepts as a component: a function React can make an element of. */
function isComponent(value: unknown): value is ReactTypes.ComponentType {
  if (typeof value !== 'function') return false;
  try {
    return React.isValidElement(h(value as ReactTypes.ComponentType));
  } catch {
    return false;
  }
}

/**
 * Why Mattermost would drop this user settings registration, or undefined when it keeps it:
 * `uiName` a non-empty string, `icon` a string if given, at least one section, every section titled
 * and either rendering a component or listing settings (a section with neither is dropped).
 */
export function userSettingsProblem(setting: unknown): string | undefined {
  if (!setting || typeof setting !== 'object') return 'the setting is not an object';
  const s = setting as Record<string, unknown>;
  if (typeof s.uiName !== 'string' || !s.uiName) return 'uiName must be a non-empty string';
  if (s.icon !== undefined && s.icon !== '' && typeof s.icon !== 'string')
    return 'icon must be a string';
  if (!Array.isArray(s.sections) || s.sections.length === 0) return 'sections must not be empty';
  for (const section of s.sections as Record<string, unknown>[]) {
    if (!section || typeof section !== 'object') return 'a section is not an object';
    if (typeof section.title !== 'string' || !section.title) return 'a section has no title';
    if ('component' in section) {
      if (!isComponent(section.component)) return `section "${section.title}": not a component`;
      continue;
    }
    if (!Array.isArray(section.settings) || section.settings.length === 0)
      return `section "${section.title}" has neither a component nor settings`;
  }
  return undefined;
}

export function createRegistry(pluginId: string): PluginRegistry {
  const registry: PluginRegistry = {
    registerAdminConsoleCustomSetting(key, component, opts) {
      if (typeof key !== 'string' || !key) return reportError('registry', 'a custom setting key');
      if (!isComponent(component))
        return reportError('registry', `custom setting ${key}: not a component`);
      const extra = Object.keys(opts ?? {}).filter((name) => name !== 'showTitle');
      if (extra.length) reportError('registry', `custom setting ${key}: unknown options ${extra}`);
      const declared = options.manifest.settings_schema.settings.find(
        (s) => s.type === 'custom' && s.key.toLowerCase() === key.toLowerCase(),
      );
      if (!declared) reportError('registry', `custom setting ${key} is not in settings_schema`);
      registered.customSettings.set(`${pluginId}/${key.toLowerCase()}`, {
        component,
        showTitle: Boolean(opts?.showTitle),
      });
    },
    registerRootComponent(component) {
      if (!isComponent(component)) reportError('registry', 'root component: not a component');
      const id = `root-${nextId++}`;
      registered.rootComponents.push({ id, component });
      return id;
    },
    registerMainMenuAction(text, action) {
      if (typeof action !== 'function') reportError('registry', 'main menu action: no action');
      const id = `menu-${nextId++}`;
      registered.mainMenuActions.push({ id, text, action });
      return id;
    },
    unregisterComponent(id) {
      registered.rootComponents = registered.rootComponents.filter((c) => c.id !== id);
      registered.mainMenuActions = registered.mainMenuActions.filter((c) => c.id !== id);
    },
  };
  if (!options.legacy) {
    registry.registerUserSettings = (setting) => {
      const problem = userSettingsProblem(setting);
      if (problem) return reportError('registerUserSettings', `Mattermost drops it: ${problem}`);
      // Mattermost files the settings under the registering plugin's id.
      registered.userSettings.push({
        ...setting,
        id: pluginId,
        sections: setting.sections.map((s: PluginConfigurationCustomSection) => ({
          title: s.title,
          component: s.component,
        })),
      });
    };
  }
  return registry;
}

export function customSetting(pluginId: string, key: string): CustomSetting | undefined {
  return registered.customSettings.get(`${pluginId}/${key.toLowerCase()}`);
}

/** Mattermost shows a tab icon as an image only for an http(s) URL or a path from the site root. */
export function tabIcon(icon: string | undefined): ReactTypes.ReactNode {
  if (!icon) return null;
  if (/^(https?:\/\/|\/)/.test(icon))
    return h('img', { src: icon, alt: '', width: 16, height: 16, className: 'tab-icon' });
  return h('i', { className: icon });
}
