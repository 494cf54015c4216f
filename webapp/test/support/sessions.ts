// People on the simulator as the plugin meets them: created by an admin, then signed in with a
// password, their client sending the session cookies and the MMCSRF header as a browser would.
import { createClient, type Client } from '../../src/client/client';

export const PASSWORD = 'a-long-enough-password-1';

export async function createPerson(
  siteUrl: string,
  adminToken: string,
  username: string,
  roles: string,
) {
  const setup = createClient({ siteUrl, fetch, authToken: adminToken });
  const created = await setup.post<{ id: string }>('/users', {
    username,
    email: `${username}@example.com`,
    password: PASSWORD,
  });
  await setup.put(`/users/${created.id}/roles`, { roles });
  return created.id;
}

/** Signs `username` in; the client sends the cookies to the site only, like the browser's cookie jar. */
export async function browserSession(siteUrl: string, username: string): Promise<Client> {
  const login = await fetch(`${siteUrl}/api/v4/users/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login_id: username, password: PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`Login of ${username} answered ${login.status}`);
  const cookies = new Map(
    login.headers.getSetCookie().map((c) => {
      const [name, ...value] = c.split(';')[0]!.split('=');
      return [name!, value.join('=')] as const;
    }),
  );
  const cookieHeader = [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return createClient({
    siteUrl,
    fetch: (input, init) =>
      String(input).startsWith(`${siteUrl}/`)
        ? fetch(input, {
            ...init,
            headers: { ...(init?.headers as Record<string, string>), Cookie: cookieHeader },
          })
        : fetch(input, init),
    // The client itself only reads MMCSRF, for its X-CSRF-Token header.
    readCookie: (name) => cookies.get(name),
  });
}
