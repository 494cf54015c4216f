import { manifest } from '../../manifest';
import type { PluginRegistry, Store } from '../../types/mattermost-webapp';
import { AIAccessDialog } from './AIAccessDialog';
import { AIAccessPanel } from './AIAccessPanel';
import { aiAccessDialog } from './modal-state';

export const AI_ACCESS_TITLE = 'AI assistant access';

// A plug-with-sparkle glyph for the settings tab; an SVG data URL needs no bundled asset.
const ICON =
  'data:image/svg+xml;utf8,' +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"><path d="M9 2v5M15 2v5M6 7h12v4a6 6 0 0 1-12 0zM12 17v5"/></svg>',
  );

export function registerAIAccess(registry: PluginRegistry, _store: Store): void {
  if (registry.registerUserSettings) {
    registry.registerUserSettings({
      id: manifest.id,
      uiName: AI_ACCESS_TITLE,
      icon: ICON,
      // `settings: []` keeps servers that know only setting sections (not custom components) from
      // failing on this section; newer servers render `component`.
      sections: [{ title: AI_ACCESS_TITLE, component: AIAccessPanel, settings: [] }],
    });
    return;
  }
  registry.registerRootComponent(AIAccessDialog);
  registry.registerMainMenuAction(AI_ACCESS_TITLE, aiAccessDialog.open, null);
}
