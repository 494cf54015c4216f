import { z } from 'zod';
import { defineTool } from './define.js';
import { fileArg } from './arguments.js';
import { explainRefusal } from './refusals.js';

const getFileLink = defineTool({
  name: 'get_file_link',
  title: 'Public link to a file',
  description:
    'Returns a public link to a posted file: anyone who has the link can open it without signing in, ' +
    'so share it only where that is intended. Works only where the admin allows public links.',
  toolset: 'files',
  kind: 'read',
  input: z.object({ file_id: fileArg('The file, attached to a post.') }),
  output: z.object({ file_id: z.string(), link: z.string() }),
  async handler({ file_id }, { mm }) {
    const link = await explainRefusal(
      mm.getFilePublicLink(file_id),
      'api.file.get_public_link.disabled.app_error',
      'Public links to files are turned off on this Mattermost server. A system admin can turn them ' +
        'on in the System Console (Site Configuration > Public Links > Enable Public File Links); ' +
        'until then, share the file by its post instead (get_permalink).',
    );
    return { text: `Public link to file ${file_id}: ${link}`, structured: { file_id, link } };
  },
});

export const fileLinkTools = [getFileLink];
