/**
 * What the wall's address asks for: `?region=<townCode>` scopes it to a town, `?token=…` is the
 * read-only WALL_TOKEN (kept for the session, so a reload without it still works), and
 * `?sound=off` silences the red takeover.
 */
const params = new URLSearchParams(window.location.search);
const TOKEN_KEY = 'minqing.wallToken';

function readToken(): string | null {
  const given = params.get('token');
  try {
    if (given) window.sessionStorage.setItem(TOKEN_KEY, given);
    return given ?? window.sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return given; // storage refused (kiosk privacy mode): the URL token still works
  }
}

const region = params.get('region');
export const wallRegion: string | null = region && /^\d{9}$/.test(region) ? region : null;
export const wallToken: string | null = readToken();
export const soundEnabled: boolean = params.get('sound') !== 'off';

/** Handshake auth for the /wall socket. */
export function wallAuth(): Record<string, string> {
  const auth: Record<string, string> = {};
  if (wallToken) auth.token = wallToken;
  if (wallRegion) auth.region = wallRegion;
  return auth;
}

/** Headers for the wall's read-only REST calls. */
export function wallHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (wallToken) headers.authorization = `Bearer ${wallToken}`;
  return headers;
}
