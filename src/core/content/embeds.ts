/**
 * Embeds by URL. An editor pastes the address of a video, post, map, chart or audio page; the body
 * stores that address only (`<figure class="embed" data-embed="…">`), and this table turns it into
 * the provider's player address. The reader page shows a facade (a link and a button) and loads the
 * player only when the reader asks, so no third party hears of a reader who did not click.
 *
 * Only the providers below can be embedded, and only their player origins are in the CSP's
 * frame-src (FRAME_ORIGINS): an address that matches none stays a plain link.
 */
export type EmbedKind = 'video' | 'post' | 'map' | 'chart' | 'audio';

export interface Embed {
  /** The provider's name as readers know it ("YouTube"). */
  readonly provider: string;
  readonly kind: EmbedKind;
  /** The canonical page address (what the link on the facade opens). */
  readonly url: string;
  /** The player's address, loaded in an iframe after the reader's click. */
  readonly src: string;
}

interface Provider {
  readonly provider: string;
  readonly kind: EmbedKind;
  readonly hosts: readonly string[];
  readonly frameOrigin: string;
  /** The player address for a parsed page address, or undefined when the path is not embeddable. */
  readonly player: (url: URL) => string | undefined;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const DIGITS = /^\d{1,25}$/;
const enc = encodeURIComponent;

function segments(url: URL): string[] {
  return url.pathname.split('/').filter(Boolean);
}

const PROVIDERS: readonly Provider[] = [
  {
    provider: 'YouTube',
    kind: 'video',
    hosts: ['youtube.com', 'www.youtube.com', 'm.youtube.com', 'youtu.be', 'www.youtube-nocookie.com'],
    frameOrigin: 'https://www.youtube-nocookie.com',
    player: (url) => {
      const s = segments(url);
      const id = url.hostname === 'youtu.be' ? s[0] : s[0] === 'watch' || s.length === 0 ? url.searchParams.get('v') : ['shorts', 'embed', 'live'].includes(s[0] ?? '') ? s[1] : undefined;
      return id && ID.test(id) ? `https://www.youtube-nocookie.com/embed/${id}` : undefined;
    },
  },
  {
    provider: 'Vimeo',
    kind: 'video',
    hosts: ['vimeo.com', 'www.vimeo.com', 'player.vimeo.com'],
    frameOrigin: 'https://player.vimeo.com',
    player: (url) => {
      const id = segments(url).find((s) => DIGITS.test(s));
      return id ? `https://player.vimeo.com/video/${id}?dnt=1` : undefined;
    },
  },
  {
    provider: 'X',
    kind: 'post',
    hosts: ['twitter.com', 'www.twitter.com', 'x.com', 'www.x.com', 'mobile.twitter.com'],
    frameOrigin: 'https://platform.twitter.com',
    player: (url) => {
      const s = segments(url);
      const at = s.indexOf('status');
      const id = at > 0 ? s[at + 1] : undefined;
      return id && DIGITS.test(id) ? `https://platform.twitter.com/embed/Tweet.html?id=${id}&dnt=true` : undefined;
    },
  },
  {
    provider: 'Instagram',
    kind: 'post',
    hosts: ['instagram.com', 'www.instagram.com'],
    frameOrigin: 'https://www.instagram.com',
    player: (url) => {
      const [type, code] = segments(url);
      return type && ['p', 'reel', 'tv'].includes(type) && code && ID.test(code) ? `https://www.instagram.com/${type}/${code}/embed/` : undefined;
    },
  },
  {
    provider: 'TikTok',
    kind: 'video',
    hosts: ['tiktok.com', 'www.tiktok.com'],
    frameOrigin: 'https://www.tiktok.com',
    player: (url) => {
      const s = segments(url);
      const id = s[1] === 'video' && s[0]?.startsWith('@') ? s[2] : undefined;
      return id && DIGITS.test(id) ? `https://www.tiktok.com/embed/v2/${id}` : undefined;
    },
  },
  {
    provider: 'Facebook',
    kind: 'post',
    hosts: ['facebook.com', 'www.facebook.com', 'm.facebook.com'],
    frameOrigin: 'https://www.facebook.com',
    player: (url) => {
      const s = segments(url);
      const page = `https://www.facebook.com${url.pathname}`;
      if (s.includes('videos') || s[0] === 'watch' || s[0] === 'reel') {
        const target = s[0] === 'watch' ? `https://www.facebook.com/watch/?v=${url.searchParams.get('v') ?? ''}` : page;
        return s[0] === 'watch' && !DIGITS.test(url.searchParams.get('v') ?? '') ? undefined : `https://www.facebook.com/plugins/video.php?href=${enc(target)}`;
      }
      if (s.includes('posts') || s[0] === 'permalink.php' || s.includes('photos')) return `https://www.facebook.com/plugins/post.php?href=${enc(page + url.search)}`;
      return undefined;
    },
  },
  {
    provider: 'Google Maps',
    kind: 'map',
    hosts: ['www.google.com', 'google.com', 'maps.google.com'],
    frameOrigin: 'https://www.google.com',
    player: (url) => {
      const s = segments(url);
      if (url.hostname !== 'maps.google.com' && s[0] !== 'maps') return undefined;
      // An embed address from Share → Embed a map carries its own parameters.
      const pb = url.searchParams.get('pb');
      if (s[1] === 'embed' && pb) return `https://www.google.com/maps/embed?pb=${enc(pb)}`;
      const q = url.searchParams.get('q');
      if (q) return `https://www.google.com/maps?q=${enc(q)}&output=embed`;
      if (s[1] === 'place' && s[2]) return `https://www.google.com/maps?q=${enc(decodeURIComponent(s[2]).replace(/\+/g, ' '))}&output=embed`;
      const at = /^@(-?\d{1,3}(?:\.\d+)?),(-?\d{1,3}(?:\.\d+)?)(?:,(\d{1,2}(?:\.\d+)?)z)?$/.exec(s.find((x) => x.startsWith('@')) ?? '');
      if (at) return `https://www.google.com/maps?q=${at[1]},${at[2]}&z=${Math.round(Number(at[3] ?? 14))}&output=embed`;
      return undefined;
    },
  },
  {
    provider: 'Flourish',
    kind: 'chart',
    hosts: ['public.flourish.studio', 'flo.uri.sh'],
    frameOrigin: 'https://flo.uri.sh',
    player: (url) => {
      const [type, id] = segments(url);
      return (type === 'visualisation' || type === 'story') && id && DIGITS.test(id) ? `https://flo.uri.sh/${type}/${id}/embed` : undefined;
    },
  },
  {
    provider: 'Datawrapper',
    kind: 'chart',
    hosts: ['datawrapper.dwcdn.net', 'www.datawrapper.de', 'dwc.to'],
    frameOrigin: 'https://datawrapper.dwcdn.net',
    player: (url) => {
      const s = segments(url);
      const id = url.hostname === 'www.datawrapper.de' ? (s[0] === '_' ? s[1] : undefined) : s[0];
      const version = url.hostname === 'datawrapper.dwcdn.net' && s[1] && /^\d{1,4}$/.test(s[1]) ? `${s[1]}/` : '';
      return id && /^[A-Za-z0-9]{5}$/.test(id) ? `https://datawrapper.dwcdn.net/${id}/${version}` : undefined;
    },
  },
  {
    provider: 'SoundCloud',
    kind: 'audio',
    hosts: ['soundcloud.com', 'www.soundcloud.com', 'on.soundcloud.com'],
    frameOrigin: 'https://w.soundcloud.com',
    player: (url) =>
      segments(url).length >= 2 && url.hostname !== 'on.soundcloud.com'
        ? `https://w.soundcloud.com/player/?url=${enc(`https://soundcloud.com${url.pathname}`)}&auto_play=false&visual=false`
        : undefined,
  },
  {
    provider: 'Spotify',
    kind: 'audio',
    hosts: ['open.spotify.com'],
    frameOrigin: 'https://open.spotify.com',
    player: (url) => {
      const s = segments(url).filter((x) => !/^intl-/.test(x) && x !== 'embed');
      const [type, id] = s;
      return type && ['episode', 'show', 'track', 'album', 'playlist'].includes(type) && id && /^[A-Za-z0-9]{22}$/.test(id) ? `https://open.spotify.com/embed/${type}/${id}` : undefined;
    },
  },
];

/** Player origins the reader page may frame, for the Content-Security-Policy's frame-src. */
export const FRAME_ORIGINS: readonly string[] = [...new Set(PROVIDERS.map((p) => p.frameOrigin))];

/** Providers by name, for the editor's help text and the docs. */
export const EMBED_PROVIDERS: readonly string[] = PROVIDERS.map((p) => p.provider);

/**
 * The embed for a page address, or undefined when it is not one we can embed (wrong provider, a
 * path that is not a post or a video, a non-https scheme, credentials or an odd port in the URL).
 */
export function embedFor(address: string): Embed | undefined {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.port) return undefined;
  const host = url.hostname.toLowerCase();
  const p = PROVIDERS.find((x) => x.hosts.includes(host));
  if (!p) return undefined;
  url.protocol = 'https:';
  const src = p.player(url);
  return src ? { provider: p.provider, kind: p.kind, url: url.href, src } : undefined;
}
