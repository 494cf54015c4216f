// A registry that records what the plugin registers, shaped like Mattermost's PluginRegistry; with or
// without `registerUserSettings`, as on servers from 9.4 and before it.
import type { ComponentType, ReactNode } from 'react';

import type {
  AdminConsoleCustomSettingProps,
  PluginConfiguration,
  PluginRegistry,
  Store,
} from '../../src/types/mattermost-webapp';

export interface RecordingRegistry extends PluginRegistry {
  customSettings: {
    key: string;
    component: ComponentType<AdminConsoleCustomSettingProps>;
    options?: { showTitle?: boolean };
  }[];
  rootComponents: ComponentType[];
  mainMenuActions: { text: ReactNode; action: () => void }[];
  userSettings: PluginConfiguration[];
}

export function recordingRegistry({
  withUserSettings,
}: {
  withUserSettings: boolean;
}): RecordingRegistry {
  let next = 0;
  const registry: RecordingRegistry = {
    customSettings: [],
    rootComponents: [],
    mainMenuActions: [],
    userSettings: [],
    registerAdminConsoleCustomSetting(key, component, options) {
      registry.customSettings.push({ key, component, options });
    },
    registerRootComponent(component) {
      registry.rootComponents.push(component);
      return `root-${next++}`;
    },
    registerMainMenuAction(text, action) {
      registry.mainMenuActions.push({ text, action });
      return `menu-${next++}`;
    },
  };
  if (withUserSettings) {
    registry.registerUserSettings = (setting) => {
      registry.userSettings.push(setting);
    };
  }
  return registry;
}

export const noStore: Store = {
  getState: () => ({}),
  dispatch: (action) => action,
  subscribe: () => () => undefined,
};
