/**
 * A post's permalink as Mattermost writes it: through a team the reader belongs to, or the
 * `_redirect` form, which lets Mattermost pick the team, when none is known.
 */
export function permalink(baseUrl: string, teamName: string | undefined, postId: string): string {
  const base = baseUrl.replace(/\/+$/, '');
  return teamName ? `${base}/${teamName}/pl/${postId}` : `${base}/_redirect/pl/${postId}`;
}
