import { z } from 'zod';
import {
  formatSidebarCategoryLine,
  sidebarCategorySchema,
  toSidebarCategory,
} from '../format/sidebar.js';
import { resolveTeam } from '../resolve/names.js';
import { offsetCursor, offsetOf } from './cursor.js';
import { defineTool } from './define.js';
import { cursorArg, teamArg } from './arguments.js';
import { listAnswer, pageFields } from './paging.js';
import { placesOf } from './places.js';

const sidebarOutput = z.object({
  team: z.string(),
  categories: z.array(sidebarCategorySchema),
  ...pageFields,
});

const listSidebarCategories = defineTool({
  name: 'list_sidebar_categories',
  title: 'My sidebar',
  description:
    'Lists your channel sidebar in a team as Mattermost shows it: Favorites, your own categories, ' +
    'Channels and Direct Messages, in order, each with its channels.',
  toolset: 'channels',
  kind: 'read',
  input: z.object({ team: teamArg('The team name or id.'), cursor: cursorArg() }),
  output: sidebarOutput,
  async handler(args, { mm, settings }) {
    const team = await resolveTeam(mm, args.team);
    // The user's channels first: their names come from the same (cached) lookups.
    const [sidebar] = await Promise.all([
      mm.getSidebarCategories(team.id),
      mm.getMyChannels(team.id),
    ]);
    const byId = new Map(sidebar.categories.map((category) => [category.id, category]));
    const ordered = sidebar.order.flatMap((id) => byId.get(id) ?? []);
    const places = await placesOf(
      mm,
      ordered.flatMap((category) => category.channel_ids),
    );
    const categories = ordered.map((category) =>
      toSidebarCategory(category, (id) => places.get(id)?.reference),
    );

    // Whole categories per page, as many as the output budget holds (always one).
    const scope = `sidebar:${team.id}`;
    const start = offsetOf(args.cursor, scope);
    const shown: typeof categories = [];
    const lines: string[] = [];
    let used = 0;
    for (const category of categories.slice(start)) {
      const line = formatSidebarCategoryLine(category);
      if (shown.length > 0 && used + line.length + 1 > settings.maxOutputChars - 200) break;
      shown.push(category);
      lines.push(line);
      used += line.length + 1;
    }
    const end = start + shown.length;
    const next = end < categories.length ? offsetCursor(scope, end) : undefined;
    return listAnswer('categories', shown, {
      header: `Sidebar of ${team.name}, ${categories.length} categor${categories.length === 1 ? 'y' : 'ies'}${start ? ` (from #${start + 1})` : ''}:`,
      lines,
      next,
      more: 'categories',
      budgetChars: settings.maxOutputChars,
      extra: { team: team.name },
    });
  },
});

export const sidebarTools = [listSidebarCategories];
